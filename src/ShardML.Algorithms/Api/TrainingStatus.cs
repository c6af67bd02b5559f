using ShardML.Core.Execution;

namespace ShardML;

/// <summary>A training job as its driver sees it now.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="State">Running, finished or stopped.</param>
/// <param name="Progress">The phase and iteration reached, and the loss there.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="ModelJson">The model file's content once it succeeded, or null.</param>
/// <param name="Metrics">The model's metrics on its training rows once it succeeded, or null.</param>
public sealed record TrainingStatus(
    string JobId, TrainingState State, TrainingProgress Progress, string? Error, string? ModelJson, IReadOnlyDictionary<string, double>? Metrics)
{
    public bool IsFinished => State is not TrainingState.Running;
}
