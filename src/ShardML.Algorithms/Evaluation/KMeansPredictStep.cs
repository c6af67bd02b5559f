using MemoryPack;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Assigns every row of a partition to its nearest center.</summary>
[MemoryPackable]
public sealed partial record KMeansPredictStep(float[] Centers, int K, int Dimension) : IPartitionStep<PredictionSummary>
{
    public PredictionSummary Run(Partition partition, StepContext context)
    {
        var centers = new CenterSet(Centers, K, Dimension);
        var predictions = new float[partition.RowCount];
        for (var i = 0; i < predictions.Length; i++)
        {
            predictions[i] = partition.Dense is { } dense
                ? NearestCenterKernel.Nearest(dense.Row(i), centers, out _)
                : NearestCenterKernel.Nearest(partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i), centers, out _);
        }

        return new PredictionSummary(predictions);
    }
}
