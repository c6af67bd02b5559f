namespace ShardML.Runtime.Jobs;

/// <summary>
/// A job's record could not be written to the cluster's state store (a full disk, a store that is down). A job is
/// refused when it cannot be recorded at its start; later, its driver goes on and reports what was not saved.
/// </summary>
public sealed class JobStateUnavailableException : Exception
{
    public JobStateUnavailableException()
    {
    }

    public JobStateUnavailableException(string message)
        : base(message)
    {
    }

    public JobStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The innermost cause's message: Orleans wraps a store's failure in its own exception, whose message names only the grain.</summary>
    public static string Cause(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception.Message;
    }
}
