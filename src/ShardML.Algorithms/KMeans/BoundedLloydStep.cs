using System.Buffers;
using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// A Lloyd pass that skips the distance computations of rows that cannot have changed cluster (Hamerly, "Making
/// k-means even faster", 2010): the same assignments, cluster sums and counts as <see cref="LloydStep"/>, bit for bit,
/// with far fewer flops once the centers settle.
/// </summary>
/// <remarks>
/// <para>
/// Each row keeps, in the partition's working state (<see cref="Partition.State"/>), its cluster a, an upper bound u
/// on its distance to c_a and a lower bound l on its distance to every other center. When the centers move, u grows
/// by how far c_a moved and l shrinks by how far the farthest-moving other center moved (the triangle inequality). A
/// row keeps its cluster without a distance computed when u &lt; max(l, s(a)), s(a) being half the distance from c_a
/// to the nearest other center (Elkan 2003, lemma 1); otherwise u is made exact with one distance, and if the test
/// still fails the row is assigned by <see cref="BlockedAssignment"/>, whose scores also give l again. A pass without
/// state assigns every row. Every row, kept or not, then joins its cluster's sums in row order through
/// <see cref="ClusterSums"/>, exactly as in the Lloyd step.
/// </para>
/// <para>
/// The bounds are conservative, so a kept row is one whose exact nearest center is strictly its own — the center
/// <see cref="BlockedAssignment"/> would pick: u is rounded up by a relative 10⁻⁵ (far above the float distance's
/// rounding, (d + 2)·2⁻²⁴); l comes from ‖x‖² + the second-smallest score minus four times the scores' error bound
/// (d + 2)·2⁻²⁴·(‖x‖ + max‖c‖)² (bounded by 2(‖x‖² + max‖c‖²)); drifts and half-separations are rounded in the safe
/// direction. The state is a cache: after a reload, a move to another silo or a resumed job it is missing, and the
/// pass assigns every row again.
/// </para>
/// <para>
/// Inertia is Σ‖x‖² − 2 Σ_j c_j·S_j + Σ_j n_j ‖c_j‖² over the cluster sums S_j, in double, so it differs from the Lloyd
/// step's sum of float distances by about that sum's own rounding (~10⁻⁸ relative). Farthest rows (for re-seeding
/// empty clusters) are exact: a row whose upper bound could admit it is assigned again, which gives its distance.
/// Cost per row kept: two bound updates, a comparison and its share of the cluster sums; per row tightened: one
/// distance (d multiply-adds); per row assigned: as the Lloyd step. Dense rows only; CSR partitions run the Lloyd step.
/// </para>
/// </remarks>
/// <param name="Centers">Row-major k × d centers.</param>
/// <param name="K">Number of centers.</param>
/// <param name="Dimension">Features per row.</param>
/// <param name="FarthestCount">How many farthest rows to keep for re-seeding empty clusters (0 for none).</param>
/// <param name="StateKey">The job's key in the partitions' working state.</param>
[MemoryPackable]
public sealed partial record BoundedLloydStep(float[] Centers, int K, int Dimension, int FarthestCount, string StateKey) : IPartitionStep<LloydSummary>
{
    private const double UpperSlack = 1 + 1e-5;
    private const double LowerSlack = BoundTerms.LowerSlack;
    private const double ScoreErrorMargin = 4;
    private const double FloorSlack = 1 - 1e-4;

    /// <summary>
    /// Whether the summary's inertia is Lloyd's own — each row's float distance to its center, summed block by block as
    /// <see cref="LloydStep"/> sums it, the same bits — instead of the one from the cluster sums. It reads every row, so
    /// it is for a run's last pass (the centers returned), not for its iterations.
    /// </summary>
    public bool LloydInertia { get; init; }

    [MemoryPackIgnore]
    private PackedCenters? _packed;

    [MemoryPackIgnore]
    private double[]? _halfSeparations;

    public LloydSummary Run(Partition partition, StepContext context)
    {
        if (partition.Dense is not { } dense)
        {
            return new LloydStep(Centers, K, Dimension, FarthestCount).Run(partition, context);
        }

        // Taken, not read: only a pass that finishes leaves state behind, so a failed one can never leave stale bounds.
        var state = partition.State.TryRemove(StateKey, out var cached) ? cached as BoundedLloydState : null;
        if (state is not null && !(state.Fits(dense.Rows, K, Dimension) && state.NormsKnown))
        {
            state = null;
        }

        var drift = state?.Drift(Centers);
        state ??= BoundedLloydState.Start(dense, K, Dimension, SegmentSums.SegmentRows(K, Dimension, BlockedAssignment.BlockRows(Dimension)));
        var sums = new double[K * Dimension];
        var counts = new long[K];
        var farthest = new FarthestRows(FarthestCount);
        var lloydInertia = 0.0;
        var searched = RentAndPass(dense, state, drift, sums, counts, farthest, partition, context, ref lloydInertia);
        state.NormsMeasured();
        state.Settle(Centers);
        partition.State[StateKey] = state;
        var inertia = LloydInertia ? lloydInertia : BoundTerms.Inertia(Centers, K, Dimension, state.SquaredNormSum, sums, counts);
        return new LloydSummary(sums, counts, inertia, farthest) { SearchedRows = searched };
    }

    /// <summary>The centers packed for the blocked kernel, once per step object (a benign race: any copy is equal).</summary>
    private PackedCenters Packed => _packed ??= new PackedCenters(Centers, K, Dimension);

    /// <summary>s(j) = ½ min over other centers of ‖c_j − c_i‖, rounded down; +∞ with one center. Once per step object.</summary>
    private double[] HalfSeparations => _halfSeparations ??= BoundTerms.HalfSeparations(Centers, K, Dimension);

    private long RentAndPass(
        DenseMatrix dense, BoundedLloydState state, double[]? drift, double[] sums, long[] counts, FarthestRows farthest, Partition partition, StepContext context, ref double lloydInertia)
    {
        var d = Dimension;
        var block = SegmentSums.BoundedBlockRows(d, state.SegmentRows);
        // Scratch for a block, rented: a pass allocates only its summary, as the Lloyd step does.
        var indices = ArrayPool<int>.Shared.Rent(4 * block);
        var floats = ArrayPool<float>.Shared.Rent((block * d) + (2 * block));
        var doubles = ArrayPool<double>.Shared.Rent(2 * block);
        try
        {
            return Pass(dense, state, drift, sums, counts, farthest, partition, context, block, indices, floats, doubles, ref lloydInertia);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(floats);
            ArrayPool<double>.Shared.Return(doubles);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // once a pass: never run unoptimized
    private long Pass(
        DenseMatrix dense, BoundedLloydState state, double[]? drift, double[] sums, long[] counts, FarthestRows farthest, Partition partition, StepContext context,
        int block, int[] indices, float[] floats, double[] squares, ref double lloydInertia)
    {
        var d = Dimension;
        var nearest = indices.AsSpan(0, block);
        var picked = indices.AsSpan(block, block);
        var retry = indices.AsSpan(2 * block, block);
        var pickedNearest = indices.AsSpan(3 * block, block);
        var gathered = floats.AsSpan(0, block * d);
        var pickedDistances = floats.AsSpan(block * d, block);
        var pickedSeconds = floats.AsSpan((block * d) + block, block);
        var separations = HalfSeparations;
        var (largestDrift, fastest, secondDrift) = BoundTerms.Fastest(drift);
        double maxSquaredNorm = Packed.MaxSquaredNorm;
        var scoreError = ScoreErrorMargin * (d + 2) / (1 << 24);
        var candidates = new FarthestCandidates(farthest.Capacity);
        var values = dense.AllRows;
        var floor = drift is null ? double.NegativeInfinity : FarthestFloor(dense, state, drift, largestDrift, fastest, secondDrift);
        var segmentRows = state.SegmentRows;
        using var segmentSums = new SegmentSums(K, d, sums, counts);
        long searched = 0;
        for (var start = 0; start < dense.Rows; start += block)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(block, dense.Rows - start);
            var rows = values.Slice(start * d, count * d);
            // A row can only be among the farthest if its distance reaches both this partition's farthest candidates
            // so far and the floor; read once a block (it only rises, so this errs towards assigning again).
            var threshold = Math.Max(candidates.Threshold, floor);
            var assignment = state.Assignment.AsSpan(start, count);
            var uppers = state.Upper.AsSpan(start, count);
            var lowers = state.Lower.AsSpan(start, count);
            var picks = 0;
            var searchAll = true;
            if (drift is not null)
            {
                // First the bounds alone, no row data: most rows stop here. The rows whose bounds fail are then
                // prefetched together and tightened, so their reads overlap instead of each stalling the loop in turn.
                var tighten = HamerlyBounds.Update(
                    assignment, nearest[..count], uppers, lowers, drift, separations, fastest, secondDrift, largestDrift, UpperSlack, threshold, retry);

                // While centers still move far most bounds fail: searching the whole block beats tightening first.
                searchAll = tighten > count / 2;
                for (var t = 0; t < tighten && !searchAll; t++)
                {
                    Prefetch.Lines(rows.Slice(retry[t] * d, d));
                }

                for (var t = 0; t < tighten && !searchAll; t++)
                {
                    var r = retry[t];
                    var a = nearest[r];
                    var upper = Math.Sqrt(BlockedAssignment.SquaredDistance(rows.Slice(r * d, d), Packed.Center(a))) * UpperSlack;
                    uppers[r] = upper;
                    if (!(upper < Math.Max(separations[a], lowers[r]) && upper * upper < threshold))
                    {
                        picked[picks++] = r;
                    }
                }
            }

            if (picks > count / 2 || searchAll)
            {
                // Most of the block must be searched: searching all of it in place is cheaper than gathering, and it
                // gives every row exact bounds.
                for (var r = 0; r < count; r++)
                {
                    picked[r] = r;
                }

                picks = count;
                BlockedAssignment.Assign(rows, Packed, pickedNearest.Slice(0, count), pickedDistances.Slice(0, count), pickedSeconds.Slice(0, count), values[((start + count) * d)..]);
            }
            else if (picks > 0)
            {
                for (var p = 0; p < picks; p++)
                {
                    rows.Slice(picked[p] * d, d).CopyTo(gathered.Slice(p * d, d));
                }

                BlockedAssignment.Assign(gathered.Slice(0, picks * d), Packed, pickedNearest.Slice(0, picks), pickedDistances.Slice(0, picks), pickedSeconds.Slice(0, picks));
            }

            searched += picks;
            if (!state.NormsKnown)
            {
                state.MeasureNorms(start, rows, count); // a fresh state's pass searches every block: its rows are in cache
            }

            // New bounds, squared first, then square-rooted 8 at a time: a scalar square root per bound held this
            // loop to the divider's throughput.
            var upperSquares = squares.AsSpan(0, picks);
            var lowerSquares = squares.AsSpan(block, picks);
            var norms = state.SquaredNorms.AsSpan(start, count);
            var admit = candidates.Threshold;
            for (var p = 0; p < picks; p++)
            {
                var r = picked[p];
                var distance = pickedDistances[p];
                nearest[r] = pickedNearest[p];
                // A fresh state's assignments are not read: its segments are summed from their rows anyway, and a read
                // before the first write maps the kernel's zero page, which the write then replaces with a flush of every
                // core's TLB (a fifth of a first pass on a 2-core VM: one inter-processor interrupt per 4 KB).
                if (drift is not null && assignment[r] != pickedNearest[p])
                {
                    segmentSums.Moved(assignment[r], pickedNearest[p]);
                }

                assignment[r] = pickedNearest[p];
                upperSquares[p] = distance;
                var norm = norms[r];
                var reach = 2 * (norm + maxSquaredNorm); // ≥ (‖x‖ + max‖c‖)², with no square root
                lowerSquares[p] = Math.Max(0, norm + pickedSeconds[p] - (scoreError * reach));
                if (distance > admit)
                {
                    candidates.Offer(distance, start + r); // picks are in row order, as the Lloyd step offers its rows
                    admit = candidates.Threshold;
                }
            }

            DoubleKernels.Sqrt(upperSquares, upperSquares);
            DoubleKernels.Sqrt(lowerSquares, lowerSquares);
            for (var p = 0; p < picks; p++)
            {
                var r = picked[p];
                uppers[r] = upperSquares[p] * UpperSlack;
                lowers[r] = lowerSquares[p] * LowerSlack;
            }

            if (LloydInertia)
            {
                // Lloyd's kernel gives a row its float distance to the winner by this function: the same bits.
                var distances = pickedDistances.Slice(0, count);
                for (var r = 0; r < count; r++)
                {
                    distances[r] = BlockedAssignment.SquaredDistance(rows.Slice(r * d, d), Packed.Center(nearest[r]));
                }

                lloydInertia += LloydStep.Sum(distances);
            }

            segmentSums.EndBlock(state.Segments, segmentRows, values, state.Assignment, start + count);
        }

        var kept = candidates.Count == FarthestCount && FarthestCount > 0 ? new int[candidates.Count] : null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var local = candidates.Row(i);
            farthest.Offer(candidates.Distance(i), context.FirstRow + local, () => DenseRow.Copy(partition, local, d));
            kept?[i] = local;
        }

        state.FarthestRows = kept; // the next pass's floor starts from them (FarthestFloor)
        return searched;
    }

    /// <summary>
    /// A lower bound on the <see cref="FarthestCount"/>-th largest distance from a row to its nearest center (squared,
    /// in the float distances' scale), so that rows whose upper bound stays below it need not be assigned again to
    /// find the farthest rows; −∞ when it cannot be had. Any <see cref="FarthestCount"/> distinct rows give one: each
    /// row's nearest distance is at least min(‖x − c_a‖, l), and the smallest of these over the chosen rows is below the
    /// count-th largest nearest distance of all rows. The likelier the rows are to be the farthest, the higher the floor:
    /// the last pass's farthest rows, kept with the bounds, or else the rows of largest upper bound, found by a scan.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // once a pass
    private double FarthestFloor(DenseMatrix dense, BoundedLloydState state, double[] drift, double largestDrift, int fastest, double secondDrift)
    {
        var count = FarthestCount;
        if (count == 0)
        {
            return double.PositiveInfinity;
        }

        if (count > dense.Rows)
        {
            return double.NegativeInfinity;
        }

        var rows = state.FarthestRows is { } kept && kept.Length == count ? kept : LargestUpperBounds(state, drift, count);
        var floor = double.PositiveInfinity;
        foreach (var i in rows)
        {
            var a = state.Assignment[i];
            var own = Math.Sqrt(BlockedAssignment.SquaredDistance(dense.Row(i), Packed.Center(a)));
            var others = state.Lower[i] - (a == fastest ? secondDrift : largestDrift);
            var nearest = Math.Max(0, Math.Min(own, others));
            floor = Math.Min(floor, nearest * nearest);
        }

        return floor * FloorSlack; // below the float distances' rounding of the same rows
    }

    /// <summary>The <paramref name="count"/> rows of largest drifted upper bound: a scan of every row, kept in a small array by insertion (count is k at most).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // a loop over every row: never at tier 0 or on-stack replaced
    private static int[] LargestUpperBounds(BoundedLloydState state, double[] drift, int count)
    {
        var rows = new int[count];
        var uppers = new double[count];
        var held = 0;
        for (var i = 0; i < state.Assignment.Length; i++)
        {
            var upper = state.Upper[i] + drift[state.Assignment[i]];
            if (held == count && upper <= uppers[held - 1])
            {
                continue;
            }

            var at = held < count ? held++ : held - 1;
            while (at > 0 && uppers[at - 1] < upper)
            {
                uppers[at] = uppers[at - 1];
                rows[at] = rows[at - 1];
                at--;
            }

            uppers[at] = upper;
            rows[at] = i;
        }

        return rows;
    }
}
