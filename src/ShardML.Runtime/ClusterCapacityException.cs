namespace ShardML.Runtime;

/// <summary>
/// The cluster cannot hold the dataset: its partitions would need more memory than the silos have free (or one of them
/// more than any single silo has). Raised before any partition loads, so no silo runs out of memory and no job
/// crash-loops; the message says how much is needed and how much there is.
/// </summary>
public sealed class ClusterCapacityException : Exception
{
    public ClusterCapacityException()
    {
    }

    public ClusterCapacityException(string message)
        : base(message)
    {
    }

    public ClusterCapacityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
