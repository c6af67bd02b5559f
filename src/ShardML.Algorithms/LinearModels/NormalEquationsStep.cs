using System.Numerics.Tensors;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// What the normal equations need over a partition, centered: the means of x and y and the co-moments
/// Σ(x − x̄)(x − x̄)ᵀ, Σ(x − x̄)(y − ȳ) and Σ(y − ȳ)², in double (<see cref="NormalEquations"/>). Data without a
/// label gives the features' moments alone (the label terms are zero): the covariance that principal components
/// need (<see cref="Common.PrincipalComponents"/>).
/// </summary>
/// <remarks>
/// <para>
/// Dense rows: two passes over the partition, which is in memory — the means, then the co-moments of the centered
/// rows. Raw sums (XᵀX, then XᵀX/n − x̄x̄ᵀ) would cancel catastrophically for a feature whose mean is large against
/// its spread — a year, a timestamp, a price — and lose up to log₁₀(mean²/variance) digits; centered sums keep them,
/// and merging partitions by Chan's update keeps the answer independent of how the data is partitioned beyond
/// rounding. Cost: n·d for the means, n·d²/2 multiply-adds for the co-moments (the upper triangle).
/// </para>
/// <para>
/// CSR rows: centering would make every row dense, so the partition's raw sparse products are summed (nnz²/2 per
/// row) and centered once with the partition's means, C = Σxxᵀ − n·x̄x̄ᵀ. The cancellation is then that of one
/// partition, against features that are mostly zero, whose mean is rarely large against their spread; across
/// partitions the merge is Chan's as for dense rows. Either way the driver then solves a d × d system.
/// </para>
/// </remarks>
[MemoryPackable]
public sealed partial record NormalEquationsStep(int Dimension) : IPartitionStep<NormalEquations>
{
    public NormalEquations Run(Partition partition, StepContext context)
    {
        var labels = partition.Labels;
        var d = Dimension;
        var n = partition.RowCount;
        var result = new NormalEquations(n, new double[d], 0, new double[d * d], new double[d], 0);
        if (n == 0)
        {
            return result;
        }

        if (labels is not null)
        {
            var labelSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                labelSum += labels[i];
            }

            result.LabelMean = labelSum / n;
            var labelComoment = 0.0;
            for (var i = 0; i < n; i++)
            {
                var dy = labels[i] - result.LabelMean;
                labelComoment += dy * dy;
            }

            result.LabelComoment = labelComoment;
        }

        if (partition.Dense is { } dense)
        {
            SumDense(dense, labels, result, context.CancellationToken);
        }
        else
        {
            SumSparse(partition.Sparse!, labels, result, context.CancellationToken);
        }

        NormalEquations.MirrorUpperTriangle(result.Comoments, d);
        return result;
    }

    private void SumDense(DenseMatrix dense, float[]? labels, NormalEquations result, CancellationToken cancellationToken)
    {
        var d = Dimension;
        var n = dense.Rows;
        for (var i = 0; i < n; i++)
        {
            WideningKernels.Add(result.FeatureMeans, dense.Row(i));
        }

        TensorPrimitives.Divide(result.FeatureMeans, n, result.FeatureMeans);
        var centered = new double[d];
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = dense.Row(i);
            for (var j = 0; j < d; j++)
            {
                centered[j] = row[j] - result.FeatureMeans[j];
            }

            for (var j = 0; j < d; j++)
            {
                var upper = result.Comoments.AsSpan((j * d) + j, d - j);
                TensorPrimitives.MultiplyAdd(centered.AsSpan(j), centered[j], upper, upper);
            }

            if (labels is not null)
            {
                TensorPrimitives.MultiplyAdd(centered, labels[i] - result.LabelMean, result.CrossComoments, result.CrossComoments);
            }
        }
    }

    private void SumSparse(SparseMatrix sparse, float[]? labels, NormalEquations result, CancellationToken cancellationToken)
    {
        var d = Dimension;
        var n = sparse.Rows;
        var means = result.FeatureMeans;
        var comoments = result.Comoments;
        var cross = result.CrossComoments;
        for (var i = 0; i < n; i++)
        {
            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            for (var a = 0; a < indices.Length; a++)
            {
                means[indices[a]] += values[a];
            }
        }

        TensorPrimitives.Divide(means, n, means);
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            var dy = labels is null ? 0 : labels[i] - result.LabelMean;
            for (var a = 0; a < indices.Length; a++)
            {
                double va = values[a];
                var row = indices[a] * d;
                for (var b = a; b < indices.Length; b++)
                {
                    comoments[row + indices[b]] += va * values[b]; // indices increase: the upper triangle
                }

                cross[indices[a]] += va * dy;
            }
        }

        // Σxxᵀ − n·x̄x̄ᵀ on the upper triangle, and Σx(y − ȳ) − x̄·Σ(y − ȳ) (the last sum is zero but for rounding).
        double residualSum = 0;
        for (var i = 0; i < n; i++)
        {
            residualSum += labels is null ? 0 : labels[i] - result.LabelMean;
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                comoments[(a * d) + b] -= n * means[a] * means[b];
            }

            cross[a] -= means[a] * residualSum;
        }
    }
}
