using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Models;

/// <summary>
/// Predictions of consecutive partitions, in row order: one value per row (a cluster, a class index, a regression
/// value) and optionally a row-major block of per-row scores such as class probabilities; merging concatenates.
/// </summary>
[MemoryPackable]
public sealed partial class PredictionSummary : Summary<PredictionSummary>
{
    public PredictionSummary(float[] values)
        : this(values, [], 0)
    {
    }

    [MemoryPackConstructor]
    public PredictionSummary(float[] values, float[] probabilities, int probabilityColumns)
    {
        Values = values;
        Probabilities = probabilities;
        ProbabilityColumns = probabilityColumns;
    }

    public float[] Values { get; private set; }

    /// <summary>Row-major, <see cref="ProbabilityColumns"/> per row; empty when the model gives none.</summary>
    public float[] Probabilities { get; private set; }

    public int ProbabilityColumns { get; }

    public override PredictionSummary Merge(PredictionSummary higher)
    {
        Values = [.. Values, .. higher.Values];
        Probabilities = [.. Probabilities, .. higher.Probabilities];
        return this;
    }
}
