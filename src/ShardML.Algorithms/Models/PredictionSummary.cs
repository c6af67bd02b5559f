using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Models;

/// <summary>Predictions of consecutive partitions, in row order; merging concatenates.</summary>
[MemoryPackable]
public sealed partial class PredictionSummary : Summary<PredictionSummary>
{
    public PredictionSummary(float[] values)
    {
        Values = values;
    }

    public float[] Values { get; private set; }

    public override PredictionSummary Merge(PredictionSummary higher)
    {
        Values = [.. Values, .. higher.Values];
        return this;
    }
}
