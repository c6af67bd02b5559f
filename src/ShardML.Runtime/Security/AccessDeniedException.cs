namespace ShardML.Runtime.Security;

/// <summary>
/// Refused: the caller's identity lacks the permission the call needs, the job is another client's, or a data path lies
/// outside the silos' data roots. The message names the identity and what was refused, never a file's content or
/// whether a refused path exists.
/// </summary>
[GenerateSerializer, Alias("shardml.access-denied")]
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
