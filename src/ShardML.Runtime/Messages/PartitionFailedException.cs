using ShardML.Core.Data;

namespace ShardML.Runtime.Messages;

/// <summary>
/// A partition could not be loaded or a step failed on it. Carries a <see cref="DataFormatException"/>'s location
/// across the wire, so the client can raise the same error with file, line and column.
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
        : base(cause.Message)
    {
        Partition = partition;
        if (cause is DataFormatException data)
        {
            IsDataError = true;
            FilePath = data.FilePath;
            Line = data.Line;
            Column = data.Column;
            Problem = data.Problem;
        }
    }

    [Id(0)]
    public int Partition { get; init; }

    [Id(1)]
    public bool IsDataError { get; init; }

    [Id(2)]
    public string? FilePath { get; init; }

    [Id(3)]
    public long Line { get; init; }

    [Id(4)]
    public int Column { get; init; }

    [Id(5)]
    public string? Problem { get; init; }

    /// <summary>The error to raise on the client: the original data error when there was one.</summary>
    public Exception ToClientException() =>
        IsDataError ? new DataFormatException(FilePath ?? string.Empty, Line, Column, Problem ?? Message) : this;
}
