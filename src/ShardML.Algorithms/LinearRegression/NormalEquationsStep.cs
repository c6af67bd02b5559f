using System.Numerics.Tensors;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearRegression;

/// <summary>
/// What the normal equations need over a partition, centered: the means of x and y and the co-moments
/// Σ(x − x̄)(x − x̄)ᵀ, Σ(x − x̄)(y − ȳ) and Σ(y − ȳ)², in double (<see cref="NormalEquations"/>).
/// </summary>
/// <remarks>
/// Two passes over the partition, which is in memory: the means, then the co-moments of the centered rows. Raw sums
/// (XᵀX, then XᵀX/n − x̄x̄ᵀ) would cancel catastrophically for a feature whose mean is large against its spread — a
/// year, a timestamp, a price — and lose up to log₁₀(mean²/variance) digits; centered sums keep them, and merging
/// partitions by Chan's update keeps the answer independent of how the data is partitioned beyond rounding. Cost:
/// n·d for the means, n·d²/2 multiply-adds for the co-moments (the upper triangle), so it is for modest d; the driver
/// then solves a d × d system.
/// </remarks>
[MemoryPackable]
public sealed partial record NormalEquationsStep(int Dimension) : IPartitionStep<NormalEquations>
{
    public NormalEquations Run(Partition partition, StepContext context)
    {
        var labels = partition.Labels ?? throw new InvalidOperationException("linear regression needs a label column");
        var d = Dimension;
        var n = partition.RowCount;
        var result = new NormalEquations(n, new double[d], 0, new double[d * d], new double[d], 0);
        if (n == 0)
        {
            return result;
        }

        var dense = new float[d];
        var labelSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            WideningKernels.Add(result.FeatureMeans, Row(partition, i, dense));
            labelSum += labels[i];
        }

        TensorPrimitives.Divide(result.FeatureMeans, n, result.FeatureMeans);
        result.LabelMean = labelSum / n;

        var centered = new double[d];
        var labelComoment = 0.0;
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            var row = Row(partition, i, dense);
            for (var j = 0; j < d; j++)
            {
                centered[j] = row[j] - result.FeatureMeans[j];
            }

            var dy = labels[i] - result.LabelMean;
            for (var j = 0; j < d; j++)
            {
                var upper = result.Comoments.AsSpan((j * d) + j, d - j);
                TensorPrimitives.MultiplyAdd(centered.AsSpan(j), centered[j], upper, upper);
            }

            TensorPrimitives.MultiplyAdd(centered, dy, result.CrossComoments, result.CrossComoments);
            labelComoment += dy * dy;
        }

        result.LabelComoment = labelComoment;
        NormalEquations.MirrorUpperTriangle(result.Comoments, d);
        return result;
    }

    /// <summary>Row <paramref name="i"/> as a dense span; a CSR row is expanded into <paramref name="dense"/>.</summary>
    private static ReadOnlySpan<float> Row(Partition partition, int i, float[] dense)
    {
        if (partition.Dense is { } matrix)
        {
            return matrix.Row(i);
        }

        Array.Clear(dense);
        var indices = partition.Sparse!.RowIndices(i);
        var values = partition.Sparse.RowValues(i);
        for (var k = 0; k < indices.Length; k++)
        {
            dense[indices[k]] = values[k];
        }

        return dense;
    }
}
