using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// The local solver of CoCoA+: dual coordinate ascent for the hinge loss on one partition's rows, LIBLINEAR's
/// dual coordinate descent (Hsieh et al., "A Dual Coordinate Descent Method for Large-scale Linear SVM", ICML
/// 2008, Algorithm 1, without shrinking) applied to the CoCoA+ subproblem (Ma et al., "Adding vs. Averaging in
/// Distributed Primal-Dual Optimization", ICML 2015, eq. 9) with aggregation γ = 1 and σ′ = K.
/// <para>
/// Subproblem for partition k at the broadcast w: maximize over Δβ
/// <c>1/n Σ_{i∈k} (βᵢ + Δβᵢ) − 1/n wᵀ A Δβ − (λσ′/2) ‖A Δβ / (λn)‖²</c>, A's columns yᵢ x̃ᵢ, 0 ≤ βᵢ + Δβᵢ ≤ 1.
/// Coordinate i's exact maximizer, with u = w + σ′ Δw the local view of the model (Δw = A Δβ / (λn)):
/// <c>βᵢ ← clip(βᵢ + (1 − yᵢ u·x̃ᵢ) λn / (σ′ ‖x̃ᵢ‖²), 0, 1)</c>, then u += σ′ δ yᵢ x̃ᵢ/(λn) and w_k += δ yᵢ x̃ᵢ/(λn).
/// With K = 1, σ′ = 1 this is exactly Algorithm 1 with C = 1/(λn).
/// </para>
/// Each epoch visits the rows in a random order seeded by (seed, round, epoch, partition). All m one-vs-rest
/// problems are updated for a row while it is in cache. Cost per epoch: O(m · nnz) for the partition.
/// </summary>
internal static class LocalSdca
{
    private const ulong PermutationPurpose = 0x5344_4341; // "SDCA"

    public static void Run(
        Partition partition, BoundLabels labels, CocoaPartitionState state, double[] local, int dimension, double lambdaN, double aggregation,
        int epochs, ulong seed, int round, int partitionIndex, CancellationToken cancellationToken)
    {
        var n = partition.RowCount;
        var m = local.Length / (dimension + 1);
        var stride = dimension + 1;
        var order = new int[n];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Permute(order, seed, round, epoch, partitionIndex);
            foreach (var i in order)
            {
                var curvature = aggregation * state.SquaredNorms[i] / lambdaN;
                for (var c = 0; c < m; c++)
                {
                    var at = c * stride;
                    var u = local.AsSpan(at, stride);
                    var y = labels.Target(i, c);
                    var margin = y * (Dot(partition, i, u, dimension) + u[dimension]);
                    var index = (i * m) + c;
                    var old = state.Duals[index];
                    var updated = Math.Clamp(old + ((1 - margin) / curvature), 0, 1);
                    var delta = updated - old;
                    if (delta == 0)
                    {
                        continue;
                    }

                    state.Duals[index] = updated;
                    var coefficient = delta * y / lambdaN;
                    AddScaled(partition, i, aggregation * coefficient, u, dimension);
                    AddScaled(partition, i, coefficient, state.Contribution.AsSpan(at, stride), dimension);
                }
            }
        }
    }

    /// <summary>w·x for row i (bias excluded).</summary>
    public static double Dot(Partition partition, int row, ReadOnlySpan<double> w, int dimension) =>
        partition.Dense is { } dense
            ? WideningKernels.Dot(dense.Row(row), w[..dimension])
            : SparseKernels.Dot(partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row), w[..dimension]);

    /// <summary>‖xᵢ‖² + 1 for every row.</summary>
    public static double[] SquaredNorms(Partition partition)
    {
        var norms = new double[partition.RowCount];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = 1 + SparseKernels.SumOfSquares(partition.Dense is { } dense ? dense.Row(i) : partition.Sparse!.RowValues(i));
        }

        return norms;
    }

    /// <summary>target += a · x̃ᵢ (the bias feature is 1).</summary>
    private static void AddScaled(Partition partition, int row, double a, Span<double> target, int dimension)
    {
        if (partition.Dense is { } dense)
        {
            WideningKernels.AddScaled(target[..dimension], a, dense.Row(row));
        }
        else
        {
            SparseKernels.AddScaled(target[..dimension], a, partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row));
        }

        target[dimension] += a;
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates), from a counter-based stream.</summary>
    private static void Permute(int[] order, ulong seed, int round, int epoch, int partition)
    {
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var stream = ((ulong)(uint)round << 32) ^ ((ulong)(uint)epoch << 8) ^ PermutationPurpose;
        for (var i = order.Length - 1; i > 0; i--)
        {
            var r = CounterRandom.Next(seed, stream, ((ulong)(uint)partition << 32) | (uint)i);
            var j = (int)(((UInt128)r * (ulong)(i + 1)) >> 64);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
