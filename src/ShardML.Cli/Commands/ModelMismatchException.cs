namespace ShardML.Cli.Commands;

/// <summary>A model that cannot be used with the given data; exits with <see cref="ExitCodes.ModelError"/>.</summary>
public sealed class ModelMismatchException : Exception
{
    public ModelMismatchException()
    {
    }

    public ModelMismatchException(string message)
        : base(message)
    {
    }

    public ModelMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
