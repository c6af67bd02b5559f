namespace ShardML.Runtime.Messages;

/// <summary>
/// A silo could not read a partition's source (the file is missing there, out of date, or unreadable). Unlike a
/// <see cref="PartitionFailedException"/> this says nothing of the data, so the driver treats it as that silo failing
/// and places the partition on another.
/// </summary>
[GenerateSerializer, Alias("shardml.partition-unavailable")]
public sealed class PartitionUnavailableException : Exception
{
    public PartitionUnavailableException()
    {
    }

    public PartitionUnavailableException(string message)
        : base(message)
    {
    }

    public PartitionUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
