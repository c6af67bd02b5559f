namespace ShardML.Cli.Commands.Jobs;

/// <summary>The job was stopped before it finished; its checkpoints are kept. Exits with <see cref="ExitCodes.Cancelled"/>.</summary>
public sealed class JobStoppedException : Exception
{
    public JobStoppedException()
    {
    }

    public JobStoppedException(string message)
        : base(message)
    {
    }

    public JobStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
