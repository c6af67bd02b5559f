using MemoryPack;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Scores every row of a partition with a linear model: w·x + b.</summary>
[MemoryPackable]
public sealed partial record LinearPredictStep(float[] Weights, double Intercept) : IPartitionStep<PredictionSummary>
{
    public PredictionSummary Run(Partition partition, StepContext context)
    {
        var predictions = new float[partition.RowCount];
        for (var i = 0; i < predictions.Length; i++)
        {
            predictions[i] = (float)(LinearScore.Of(partition, i, Weights) + Intercept);
        }

        return new PredictionSummary(predictions);
    }
}

/// <summary>w·x for row <c>i</c> of a dense or sparse partition.</summary>
internal static class LinearScore
{
    public static double Of(Partition partition, int row, float[] weights) =>
        partition.Dense is { } dense
            ? WideningKernels.Dot(dense.Row(row), weights)
            : SparseKernels.Dot(partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row), weights);
}
