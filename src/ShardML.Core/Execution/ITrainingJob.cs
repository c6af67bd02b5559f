namespace ShardML.Core.Execution;

/// <summary>
/// A whole training job — an algorithm with its options — that any engine can run on a loaded dataset, and resume
/// from its last checkpoint after its driver died. Jobs travel between nodes (the driver may run on any silo), so
/// every implementation is <c>[MemoryPackable]</c> and registered in a <see cref="WireTypeRegistry"/>; the runtime
/// runs them without knowing which algorithm they are.
/// </summary>
public interface ITrainingJob
{
    /// <summary>
    /// Trains on <paramref name="executor"/>'s dataset, saving checkpoints through <paramref name="context"/> and,
    /// when <see cref="JobContext.ResumeState"/> is set, continuing from it rather than from the start. A job resumed
    /// from a checkpoint returns the same bits as one that was never interrupted.
    /// </summary>
    Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken);

    /// <summary>
    /// How this job reads <paramref name="data"/>: the caller's options (where, which format, which label) with what
    /// the algorithm needs of the label — class names, a number, or optional ground truth.
    /// </summary>
    Data.DatasetOptions DataFor(Data.DatasetOptions data);

    /// <summary>
    /// The kernels this job's passes spend their time in, compiled while its data loads so that its first pass runs
    /// at the speed of the others (<see cref="KernelPreparation"/>); none by default.
    /// </summary>
    IReadOnlyList<System.Reflection.MethodBase> Kernels() => [];
}

/// <summary>What a finished job produced: the model as versioned JSON, and its metrics on the training data.</summary>
/// <param name="ModelJson">The model file's content.</param>
/// <param name="Metrics">Metrics of the model on the data it was trained on.</param>
/// <param name="DetailsJson">More of the evaluation when the algorithm has more to say (a confusion matrix), as JSON; or null.</param>
public sealed record JobOutcome(string ModelJson, IReadOnlyDictionary<string, double> Metrics, string? DetailsJson = null);
