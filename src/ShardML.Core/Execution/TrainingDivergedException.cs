namespace ShardML.Core.Execution;

/// <summary>
/// Training ended without a usable model: the iterates diverged, or the weights or the objective are not finite. The
/// message says what happened and what to change (a smaller learning rate, standardized features, another solver); no
/// model is returned, so none can be saved.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
