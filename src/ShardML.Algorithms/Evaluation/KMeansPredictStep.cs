using MemoryPack;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Assigns every row of a partition to its nearest center, by the same kernel as the Lloyd step.</summary>
[MemoryPackable]
public sealed partial record KMeansPredictStep(float[] Centers, int K, int Dimension) : IPartitionStep<PredictionSummary>
{
    public PredictionSummary Run(Partition partition, StepContext context)
    {
        var predictions = new float[partition.RowCount];
        if (partition.Dense is { } dense)
        {
            var packed = new PackedCenters(Centers, K, Dimension);
            var nearest = new int[Math.Min(predictions.Length, 4096)];
            var distances = new float[nearest.Length];
            for (var start = 0; start < predictions.Length; start += nearest.Length)
            {
                var count = Math.Min(nearest.Length, predictions.Length - start);
                BlockedAssignment.Assign(dense.AllRows.Slice(start * Dimension, count * Dimension), packed, nearest.AsSpan(0, count), distances.AsSpan(0, count));
                for (var r = 0; r < count; r++)
                {
                    predictions[start + r] = nearest[r];
                }
            }

            return new PredictionSummary(predictions);
        }

        var centers = new CenterSet(Centers, K, Dimension);
        for (var i = 0; i < predictions.Length; i++)
        {
            predictions[i] = NearestCenterKernel.Nearest(partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i), centers, out _);
        }

        return new PredictionSummary(predictions);
    }
}
