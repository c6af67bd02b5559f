using System.Runtime.CompilerServices;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
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
/// <para>
/// x̃ = (x′, 1) where x′ is the row in the solver's coordinates: raw, or standardized (x − μ)/σ through
/// <see cref="StandardizedCoordinates"/>, which keeps raw weights, the bias weight b′ and the offset s = u·μ so a
/// margin is y(u·x − s + b′) and an update touches the row's own entries only (all d for dense rows).
/// </para>
/// Each epoch visits the rows in a random order seeded by (seed, round, epoch, partition). All m one-vs-rest
/// problems are updated for a row while it is in cache. Cost per epoch: O(m · nnz) for the partition.
/// </summary>
internal static class LocalSdca
{
    private const ulong PermutationPurpose = 0x5344_4341; // "SDCA"

    /// <param name="partition">The rows.</param>
    /// <param name="labels">Their targets.</param>
    /// <param name="state">Duals, contribution (weights and bias weight b′ per output) and squared norms; updated.</param>
    /// <param name="local">The local view u per output: d weights then b′; updated.</param>
    /// <param name="offsets">s = u·μ per output, kept up to date (zeros without centering).</param>
    /// <param name="setting">λn, σ′ and the coordinates.</param>
    /// <param name="schedule">Epochs, seed, round and partition index: the permutations.</param>
    /// <param name="cancellationToken">Cancels between epochs.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a round's pass over the rows: optimized from the first round
    public static void Run(
        Partition partition, BoundLabels labels, CocoaPartitionState state, double[] local, double[] offsets, Setting setting, Schedule schedule, CancellationToken cancellationToken)
    {
        var n = partition.RowCount;
        var dimension = setting.Dimension;
        var m = offsets.Length;
        var stride = dimension + 1;
        var order = new int[n];
        for (var epoch = 0; epoch < schedule.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Permute(order, schedule.Seed, schedule.Round, epoch, schedule.Partition);
            foreach (var i in order)
            {
                var curvature = setting.Aggregation * state.SquaredNorms[i] / setting.LambdaN;
                for (var c = 0; c < m; c++)
                {
                    var at = c * stride;
                    var u = local.AsSpan(at, stride);
                    var y = labels.Target(i, c);
                    var margin = y * (Dot(partition, i, u, dimension) - offsets[c] + u[dimension]);
                    var index = (i * m) + c;
                    var old = state.Duals[index];
                    var updated = Math.Clamp(old + ((1 - margin) / curvature), 0, 1);
                    var delta = updated - old;
                    if (delta == 0)
                    {
                        continue;
                    }

                    state.Duals[index] = updated;
                    var coefficient = delta * y / setting.LambdaN;
                    offsets[c] += AddScaled(partition, i, setting.Aggregation * coefficient, u, setting);
                    AddScaled(partition, i, coefficient, state.Contribution.AsSpan(at, stride), setting);
                }
            }
        }
    }

    /// <summary>u·x for row i (bias excluded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first call, as SparseKernels
    public static double Dot(Partition partition, int row, ReadOnlySpan<double> w, int dimension) =>
        partition.Dense is { } dense
            ? WideningKernels.Dot(dense.Row(row), w[..dimension])
            : SparseKernels.Dot(partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row), w[..dimension]);

    /// <summary>‖x̃ᵢ‖² = ‖x′ᵢ‖² + 1 for every row, in the solver's coordinates.</summary>
    public static double[] SquaredNorms(Partition partition, StandardizedCoordinates? coordinates)
    {
        var norms = new double[partition.RowCount];
        for (var i = 0; i < norms.Length; i++)
        {
            double squares;
            if (partition.Dense is { } dense)
            {
                squares = coordinates is null
                    ? SparseKernels.SumOfSquares(dense.Row(i))
                    : WideningKernels.CenteredWeightedSumOfSquares(dense.Row(i), coordinates.Mean, coordinates.InverseVariance);
            }
            else
            {
                var values = partition.Sparse!.RowValues(i);
                squares = coordinates is null
                    ? SparseKernels.SumOfSquares(values)
                    : SparseKernels.WeightedSumOfSquares(partition.Sparse.RowIndices(i), values, coordinates.InverseVariance);
            }

            norms[i] = 1 + squares;
        }

        return norms;
    }

    /// <summary>target += a · x̃ᵢ in the solver's coordinates (the bias feature is 1); returns the change of target·μ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first call, as SparseKernels
    public static double AddScaled(Partition partition, int row, double a, Span<double> target, Setting setting)
    {
        var dimension = setting.Dimension;
        var coordinates = setting.Coordinates;
        var offsetChange = 0.0;
        if (partition.Dense is { } dense)
        {
            if (coordinates is null)
            {
                WideningKernels.AddScaled(target[..dimension], a, dense.Row(row));
            }
            else
            {
                offsetChange = WideningKernels.AddScaledCentered(target[..dimension], a, dense.Row(row), coordinates.Mean, coordinates.InverseVariance);
            }
        }
        else if (coordinates is null)
        {
            SparseKernels.AddScaled(target[..dimension], a, partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row));
        }
        else
        {
            SparseKernels.AddScaled(target[..dimension], a, partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row), coordinates.InverseVariance);
        }

        target[dimension] += a;
        return offsetChange;
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

    /// <summary>The problem's constants for the local solver.</summary>
    /// <param name="Dimension">d.</param>
    /// <param name="LambdaN">λn.</param>
    /// <param name="Aggregation">σ′.</param>
    /// <param name="Coordinates">Standardized coordinates, or null for raw features.</param>
    public readonly record struct Setting(int Dimension, double LambdaN, double Aggregation, StandardizedCoordinates? Coordinates);

    /// <summary>What seeds the visiting order.</summary>
    /// <param name="Epochs">Passes over the rows.</param>
    /// <param name="Seed">The job's seed.</param>
    /// <param name="Round">The CoCoA+ round.</param>
    /// <param name="Partition">The partition's index.</param>
    public readonly record struct Schedule(int Epochs, ulong Seed, int Round, int Partition);
}
