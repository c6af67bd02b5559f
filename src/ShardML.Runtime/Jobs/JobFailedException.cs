namespace ShardML.Runtime.Jobs;

/// <summary>A job ended in failure; <see cref="Kind"/> says what kind, so a client can report it as its own error.</summary>
public sealed class JobFailedException : Exception
{
    public JobFailedException()
    {
    }

    public JobFailedException(string message)
        : base(message)
    {
    }

    public JobFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JobFailedException(string jobId, JobErrorKind kind, string message)
        : base(message)
    {
        JobId = jobId;
        Kind = kind;
    }

    public string JobId { get; } = string.Empty;

    public JobErrorKind Kind { get; }
}
