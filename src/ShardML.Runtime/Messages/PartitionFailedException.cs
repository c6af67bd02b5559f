namespace ShardML.Runtime.Messages;

/// <summary>
/// A partition could not be loaded or a step failed on it: a deterministic failure that running the step again,
/// elsewhere, would repeat, so the driver reports it instead of retrying. Carries an input error's location across
/// the wire (<see cref="RemoteError"/>) so the client raises it with file, line and column.
/// </summary>
[GenerateSerializer, Alias("shardml.partition-failed")]
public sealed class PartitionFailedException : Exception
{
    public PartitionFailedException()
    {
    }

    public PartitionFailedException(string message)
        : base(message)
    {
    }

    public PartitionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PartitionFailedException(int partition, Exception cause)
        : base($"partition {partition}: {cause.Message}")
    {
        Partition = partition;
        Error = RemoteError.From(cause);
    }

    [Id(0)]
    public int Partition { get; init; }

    [Id(1)]
    public RemoteError? Error { get; init; }

    /// <summary>This failure as a silo with data roots lets it out: no quoted text, no directories (<see cref="RemoteError.Redacted"/>).</summary>
    public PartitionFailedException Redacted() => new(Security.DataRoots.Redact(Error?.Redacted().ToException().Message is { } located ? $"partition {Partition}: {located}" : Message))
    {
        Partition = Partition,
        Error = Error?.Redacted(),
    };

    /// <summary>The error to raise on the client: the original input error when there was one.</summary>
    public Exception ToClientException() => Error?.ToException() ?? this;
}
