namespace ShardML.Cli.Commands;

/// <summary>
/// An output could not be written (a full disk, a lost mount, no permission). Exits with <see cref="ExitCodes.Failure"/>
/// and the message alone: the cause is the machine's, not a bug, and a stack trace would only hide what to do about it.
/// </summary>
public sealed class OutputWriteException : Exception
{
    public OutputWriteException()
    {
    }

    public OutputWriteException(string message)
        : base(message)
    {
    }

    public OutputWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
