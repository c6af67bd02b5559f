using System.Text.Json.Serialization;

namespace ShardML.Algorithms.Models;

/// <summary>How training went, saved with the model (Spark's training summary, LIBLINEAR's log).</summary>
/// <param name="Iterations">Iterations run.</param>
/// <param name="Converged">True when the tolerance was met before the iteration cap.</param>
/// <param name="LossHistory">The objective at each iteration: inertia for K-means, regularized loss for regression.</param>
/// <param name="FinalLoss">The objective at the returned model.</param>
/// <param name="Rows">Rows trained on.</param>
/// <param name="Partitions">Partitions the data was cut into.</param>
/// <param name="Seconds">
/// Wall-clock training time, loading excluded. Reported by <c>train</c> and kept with a job, but not written into a
/// model file (<see cref="ModelFile.SaveAsync"/>): the same data, options and seed give a byte-identical file.
/// </param>
/// <param name="Notes">Things the trainer did that the user should know (a halved learning rate, a re-seeded cluster).</param>
public sealed record TrainingSummary(
    int Iterations,
    bool Converged,
    double[] LossHistory,
    double FinalLoss,
    long Rows,
    int Partitions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Seconds,
    string[] Notes)
{
    /// <summary>SGD solvers: rounds and bytes spent on synchronization, and saved by local steps; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CommunicationSummary? Communication { get; init; }

    /// <summary>Iterative solvers that choose a method per iteration (K-means: lloyd, bounded, yinyang): each iteration's; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? IterationMethods { get; init; }

    /// <summary>Dual solvers (CoCoA+): the duality gap P(w) − D(α) at the returned model, relative to P(w); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RelativeDualityGap { get; init; }

    /// <summary>Differentially private training: what it spent (ε, δ, σ, C, q, steps, accountant); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Privacy.PrivacyReport? Privacy { get; init; }

    /// <summary>
    /// The model's metrics on the rows it was trained on — training-set metrics, optimistic by construction (a model
    /// with as many features as rows scores perfectly here); null when none were computed (a private model).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? TrainingMetrics { get; init; }

    /// <summary>With rows held out (<c>ValidationFraction</c>): the split and the metrics on the held-out rows; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Evaluation.ValidationReport? Validation { get; init; }

    /// <summary>From <c>shardml cv</c>: each fold's held-out metrics, their mean and spread; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Evaluation.CrossValidationReport? CrossValidation { get; init; }

    /// <summary>From <c>shardml tune</c>: every candidate's held-out metrics and the one chosen; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Evaluation.TuningReport? Tuning { get; init; }
}
