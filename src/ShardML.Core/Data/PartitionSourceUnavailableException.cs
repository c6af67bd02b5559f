namespace ShardML.Core.Data;

/// <summary>
/// This node cannot read a partition's source: the file is missing here, differs from the one planned, or could
/// not be read. A problem of the node (a mount missing, a copy out of date), not of the data: another node may
/// well load the same partition, so a runtime treats it as the node failing.
/// </summary>
public sealed class PartitionSourceUnavailableException : IOException
{
    public PartitionSourceUnavailableException()
    {
    }

    public PartitionSourceUnavailableException(string message)
        : base(message)
    {
    }

    public PartitionSourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
