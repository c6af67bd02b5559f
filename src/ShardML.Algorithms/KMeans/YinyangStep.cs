using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// A Lloyd pass with Yinyang bounds (Ding, Zhao, Shen, Musuvathi, Mytkowicz, "Yinyang K-means: a drop-in replacement
/// of the classic K-means with consistent speedup", ICML 2015): the same assignments, cluster sums and counts as
/// <see cref="LloydStep"/>, bit for bit, scoring a row only against the groups of centers that could hold a nearer one.
/// </summary>
/// <remarks>
/// <para>
/// The centers are cut into t groups (<see cref="CenterGroups"/>, given as <see cref="GroupOf"/>). Each row keeps, in
/// the partition's working state (<see cref="YinyangState"/>), its cluster a, an upper bound u on ‖x − c_a‖ and per
/// group G a lower bound l_G on its distance to G's centers other than c_a, with their minimum. When the centers move,
/// u grows by c_a's drift, l_G shrinks by the largest drift in G and the minimum by the largest drift of all; the state
/// sums the drifts pass by pass, so a row's bounds are moved only when it is looked at. Global filter:
/// u &lt; max(min_G l_G, s(a)) keeps the row (s(a): half the distance from c_a to its nearest other center). Otherwise
/// the row's bounds are brought up to date, u is made exact with one distance and tested again; then the group filter:
/// only the groups with l_G ≤ u can hold a nearer center. The row is scored against each such group's packed centers
/// by <see cref="GroupScores"/> (SIMD over the group's panel), and each group's new bound comes from its smallest score
/// but the winner's. The paper's local filter, which skips
/// single centers of a failing group, is not applied: a group of ~10 centers is one vector panel, so skipping lanes
/// saves no instruction, and scoring all of them gives exact group bounds. A row that fails more than half the groups,
/// every row of a block in which most rows do, and every row of a pass without state, is searched against all centers
/// at once; its group bounds then all come from its second-nearest score (loose, made exact when a group fails).
/// </para>
/// <para>
/// Lloyd's assignment is the exact nearest center, ties to the lowest index (<see cref="BlockedAssignment"/> decides
/// near ties again in double). The row's candidates are the scored groups' centers and, when its own group was not
/// scored, c_a; those within twice the scores' error bound of the nearest are decided again by
/// <see cref="DistanceKernels.ExactSquaredDistance"/>, ties to the lowest index: the same rule, so the same center.
/// Bounds are conservative in every rounding (as <see cref="BoundedLloydStep"/>), so a center left out is strictly
/// farther. Every row then joins its cluster's sums in row order through <see cref="ClusterSums"/>, as in the Lloyd
/// step, and the inertia comes from the sums in double (within rounding of Lloyd's). Farthest rows for re-seeding
/// are exact: a row whose upper bound could admit it has its distance computed.
/// </para>
/// <para>
/// Cost per row kept: a read of 24 bytes and a comparison; per row tightened: t bound updates and d multiply-adds; per
/// failing group: its centers × d multiply-adds, rounded up to whole panels; per row searched whole: the Lloyd step's. Memory: see <see cref="YinyangState"/>. Dense rows only; CSR partitions run the Lloyd step.
/// </para>
/// </remarks>
/// <param name="Centers">Row-major k × d centers.</param>
/// <param name="K">Number of centers.</param>
/// <param name="Dimension">Features per row.</param>
/// <param name="FarthestCount">How many farthest rows to keep for re-seeding empty clusters (0 for none).</param>
/// <param name="StateKey">The job's key in the partitions' working state.</param>
/// <param name="GroupOf">Each center's group, 0..t−1, every group non-empty (<see cref="CenterGroups.Compute"/>).</param>
[MemoryPackable]
public sealed partial record YinyangStep(float[] Centers, int K, int Dimension, int FarthestCount, string StateKey, int[] GroupOf) : IPartitionStep<LloydSummary>
{
    private const double UpperSlack = 1 + 1e-5;
    private const double LowerSlack = BoundTerms.LowerSlack;
    private const double ScoreErrorMargin = 4;
    private const double FloorSlack = 1 - 1e-4;

    /// <summary>Applied to every float group bound after it is computed or lowered: far above a float's rounding (2⁻²⁴).</summary>
    private const float FloatLowerSlack = 1 - 1e-6f;

    /// <summary>How a row of a block is searched: not at all, group by group, or against every center.</summary>
    private const int ByGroup = 1;
    private const int Whole = 2;

    [MemoryPackIgnore]
    private YinyangCenters? _centers;

    public LloydSummary Run(Partition partition, StepContext context)
    {
        if (partition.Dense is not { } dense)
        {
            return new LloydStep(Centers, K, Dimension, FarthestCount).Run(partition, context);
        }

        var layout = Layout;
        // Taken, not read: only a pass that finishes leaves state behind, so a failed one can never leave stale bounds.
        var state = partition.State.TryRemove(StateKey, out var cached) ? cached as YinyangState : null;
        if (state is not null && !state.Fits(dense.Rows, K, Dimension, GroupOf))
        {
            state = null;
        }

        var drift = state?.Drift(Centers);
        state ??= YinyangState.Start(dense, K, Dimension, GroupOf, layout.Groups, SegmentSums.SegmentRows(K, Dimension, BlockedAssignment.BlockRows(Dimension)));
        var sums = new double[K * Dimension];
        var counts = new long[K];
        var farthest = new FarthestRows(FarthestCount);
        var searched = RentAndPass(dense, state, layout, drift, sums, counts, farthest, partition, context);
        state.Settle(Centers);
        partition.State[StateKey] = state;
        return new LloydSummary(sums, counts, BoundTerms.Inertia(Centers, K, Dimension, state.SquaredNormSum, sums, counts), farthest) { SearchedRows = searched };
    }

    /// <summary>The centers packed whole and by group, once per step object (a benign race: any copy is equal).</summary>
    private YinyangCenters Layout => _centers ??= Validated(new YinyangCenters(Centers, K, Dimension, GroupOf));

    private YinyangCenters Validated(YinyangCenters layout) =>
        GroupOf.Length == K && GroupOf.All(g => g >= 0) && layout.Members.All(m => m.Length > 0)
            ? layout
            : throw new ArgumentException($"the Yinyang grouping must give each of the {K} centers a group, every group non-empty");

    private long RentAndPass(
        DenseMatrix dense, YinyangState state, YinyangCenters layout, double[]? drift, double[] sums, long[] counts, FarthestRows farthest, Partition partition, StepContext context)
    {
        var d = Dimension;
        var block = SegmentSums.BoundedBlockRows(d, state.SegmentRows);
        // Scratch for a block, rented: a pass allocates only its summary and the group drifts, as the Lloyd step does.
        var scratch = new Scratch(
            ArrayPool<int>.Shared.Rent(6 * block),
            ArrayPool<float>.Shared.Rent((block * d) + (4 * block) + K + layout.MaxPaddedGroup));
        try
        {
            return Pass(dense, state, layout, drift, sums, counts, farthest, partition, context, block, scratch);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch.Ints);
            ArrayPool<float>.Shared.Return(scratch.Floats);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a pass: never run unoptimized
    private long Pass(
        DenseMatrix dense, YinyangState state, YinyangCenters layout, double[]? drift, double[] sums, long[] counts, FarthestRows farthest, Partition partition, StepContext context,
        int block, Scratch scratch)
    {
        var d = Dimension;
        var t = layout.Groups;
        var stride = state.Stride;
        var ints = scratch.Ints.AsSpan();
        var nearest = ints.Slice(0, block);
        var retry = ints.Slice(block, block);
        var outNearest = ints.Slice(2 * block, block);
        var searching = ints.Slice(3 * block, block); // Kept, ByGroup or Whole
        var wholeRows = ints.Slice(4 * block, block);
        var previous = ints.Slice(5 * block, block); // the block's clusters before the pass, to see which changed
        var floats = scratch.Floats.AsSpan();
        var gathered = floats.Slice(0, block * d);
        var outDistances = floats.Slice(block * d, block);
        var outSeconds = floats.Slice((block * d) + block, block);
        var ownDistances = floats.Slice((block * d) + (2 * block), block);
        var known = floats.Slice((block * d) + (3 * block), block); // a row's distance to its center when computed, else −1
        var rowScores = floats.Slice((block * d) + (4 * block), K + layout.MaxPaddedGroup); // one row's scores by center, then a group's
        var separations = layout.HalfSeparations;
        var distanceError = 2.0 * (d + 2) / (1 << 24); // relative, on a float Σ (x − c)²
        var scoreError = ScoreErrorMargin * (d + 2) / (1 << 24);
        var candidates = new FarthestCandidates(farthest.Capacity);
        var values = dense.AllRows;
        if (drift is not null)
        {
            state.Advance(drift);
        }

        var now = state.Now;
        var centerRise = state.CenterRise.ToArray(); // arrays, not the lists' indexers, in the loop over rows
        var largestRise = state.LargestRise.ToArray();
        var centerRiseNow = centerRise[now];
        var groupRiseNow = state.GroupRise[now];
        var largestRiseNow = state.LargestRise[now];
        var floor = drift is null ? double.NegativeInfinity : FarthestFloor(dense, state, layout);
        var segmentRows = state.SegmentRows;
        using var segmentSums = new SegmentSums(K, d, sums, counts);
        long searched = 0;
        for (var start = 0; start < dense.Rows; start += block)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(block, dense.Rows - start);
            var rows = values.Slice(start * d, count * d);
            var threshold = Math.Max(candidates.Threshold, floor);
            var assignment = state.Assignment.AsSpan(start, count);
            var uppers = state.Upper.AsSpan(start, count);
            var globals = state.Global.AsSpan(start, count);
            var stamps = state.Stamp.AsSpan(start, count);
            var lowers = state.Lower.AsSpan(start * stride, count * stride);
            var norms = state.SquaredNorms.AsSpan(start, count);
            known.Slice(0, count).Fill(-1);
            searching.Slice(0, count).Clear();
            var searchAll = drift is null;
            if (drift is not null)
            {
                // Not on a fresh state: its segments are summed from their rows anyway, and reading its assignments before
                // their first write maps the zero page, which the write then replaces with a TLB flush of every core.
                assignment.CopyTo(previous);
            }

            var wholes = 0;
            if (!searchAll)
            {
                // Global filter, on the stored bounds moved by the cumulative drifts since each row's stamp: no row
                // data and no write, so most rows stop here at the cost of reading 24 bytes.
                var tighten = 0;
                for (var r = 0; r < count; r++)
                {
                    var a = assignment[r];
                    nearest[r] = a;
                    var then = stamps[r];
                    var upper = uppers[r] + YinyangState.Rise(centerRiseNow[a], centerRise[then][a]);
                    var globalLower = globals[r] - YinyangState.Rise(largestRiseNow, largestRise[then]);
                    if (!(upper < Math.Max(separations[a], globalLower) && upper * upper < threshold))
                    {
                        retry[tighten++] = r;
                    }
                }

                for (var i = 0; i < tighten; i++)
                {
                    Prefetch.Lines(rows.Slice(retry[i] * d, d));
                }

                // The row's bounds brought up to date and its upper bound made exact, then the global filter again and
                // the group filter.
                for (var i = 0; i < tighten; i++)
                {
                    var r = retry[i];
                    var a = nearest[r];
                    var bounds = lowers.Slice(r * stride, t);
                    var globalLower = BringUpToDate(bounds, state.GroupRise[stamps[r]], groupRiseNow);
                    stamps[r] = now;
                    globals[r] = globalLower;
                    var own = BlockedAssignment.SquaredDistance(rows.Slice(r * d, d), layout.All.Center(a));
                    ownDistances[r] = own;
                    var upper = Math.Sqrt(own) * UpperSlack;
                    uppers[r] = upper;
                    if (upper < Math.Max(separations[a], globalLower) && upper * upper < threshold)
                    {
                        continue;
                    }

                    // Kept unless a group fails: then a stays a candidate, its distance known. A row that fails most
                    // groups is searched whole instead: one pass of the tiled kernel over all centers beats t small ones.
                    known[r] = own;
                    var failing = 0;
                    for (var g = 0; g < t; g++)
                    {
                        failing += bounds[g] <= upper ? 1 : 0;
                    }

                    if (failing > t / 2)
                    {
                        searching[r] = Whole;
                        wholeRows[wholes++] = r;
                    }
                    else if (failing > 0)
                    {
                        searching[r] = ByGroup;
                    }
                }

                // While centers still move far most rows fail: searching the whole block in place beats gathering.
                searchAll = wholes > count / 2;
            }

            if (searchAll)
            {
                searching.Slice(0, count).Fill(Whole);
                    BlockedAssignment.Assign(rows, layout.All, outNearest.Slice(0, count), outDistances.Slice(0, count), outSeconds.Slice(0, count), values[((start + count) * d)..]);
                for (var r = 0; r < count; r++)
                {
                    SearchedWhole(r, outNearest[r], outDistances[r], outSeconds[r], layout, scoreError, norms, nearest, assignment, known, uppers, lowers.Slice(r * stride, t));
                    globals[r] = lowers[r * stride];
                    stamps[r] = now;
                }
            }
            else if (wholes > 0)
            {
                for (var i = 0; i < wholes; i++)
                {
                    rows.Slice(wholeRows[i] * d, d).CopyTo(gathered.Slice(i * d, d));
                }

                BlockedAssignment.Assign(gathered.Slice(0, wholes * d), layout.All, outNearest.Slice(0, wholes), outDistances.Slice(0, wholes), outSeconds.Slice(0, wholes));
                for (var i = 0; i < wholes; i++)
                {
                    var r = wholeRows[i];
                    SearchedWhole(r, outNearest[i], outDistances[i], outSeconds[i], layout, scoreError, norms, nearest, assignment, known, uppers, lowers.Slice(r * stride, t));
                    globals[r] = lowers[r * stride];
                }
            }

            for (var r = 0; r < count; r++)
            {
                if (searching[r] == Whole)
                {
                    searched++;
                }
                else if (searching[r] == ByGroup)
                {
                    searched++;
                    var bounds = lowers.Slice(r * stride, t);
                    var winner = SearchedByGroup(rows.Slice(r * d, d), assignment[r], ownDistances[r], norms[r], uppers[r], bounds, layout, scoreError, rowScores);
                    var distance = BlockedAssignment.SquaredDistance(rows.Slice(r * d, d), layout.All.Center(winner));
                    nearest[r] = winner;
                    assignment[r] = winner;
                    known[r] = distance;
                    uppers[r] = Math.Sqrt(distance) * UpperSlack;
                    var smallest = double.PositiveInfinity;
                    foreach (var bound in bounds)
                    {
                        smallest = Math.Min(smallest, bound);
                    }

                    globals[r] = smallest;
                }
            }

            // Candidates for the farthest rows in row order, as the Lloyd step offers them, each with the distance
            // Lloyd's kernel gives the row's nearest center.
            var admit = candidates.Threshold;
            for (var r = 0; r < count; r++)
            {
                if (known[r] > admit)
                {
                    var exact = BlockedAssignment.SquaredDistance(rows.Slice(r * d, d), layout.All.Center(nearest[r]));
                    if (exact > admit)
                    {
                        candidates.Offer(exact, start + r);
                        admit = candidates.Threshold;
                    }
                }
            }

            if (drift is not null && !previous.Slice(0, count).SequenceEqual(assignment))
            {
                for (var r = 0; r < count; r++)
                {
                    if (previous[r] != assignment[r])
                    {
                        segmentSums.Moved(previous[r], assignment[r]);
                    }
                }
            }

            segmentSums.EndBlock(state.Segments, segmentRows, values, state.Assignment, start + count);
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var local = candidates.Row(i);
            farthest.Offer(candidates.Distance(i), context.FirstRow + local, () => DenseRow.Copy(partition, local, d));
        }

        return searched;
    }

    /// <summary>
    /// A row searched against every center: its nearest, and every group's bound from the second-nearest center's score
    /// (a lower bound for all centers but the nearest, so for every group; loose, tightened when a group fails).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SearchedWhole(
        int r, int winner, float distance, float second, YinyangCenters layout, double scoreError, ReadOnlySpan<double> norms,
        Span<int> nearest, Span<int> assignment, Span<float> known, Span<double> uppers, Span<float> bounds)
    {
        nearest[r] = winner;
        assignment[r] = winner;
        known[r] = distance;
        uppers[r] = Math.Sqrt(distance) * UpperSlack;
        var norm = norms[r];
        var lower = Math.Sqrt(Math.Max(0, norm + second - (scoreError * 2 * (norm + layout.All.MaxSquaredNorm))));
        bounds.Fill((float)(lower * LowerSlack) * FloatLowerSlack);
    }

    /// <summary>
    /// A row scored against the groups its bounds do not rule out (l_G ≤ <paramref name="upper"/>) and, when its own
    /// group is not among them, its own center at <paramref name="ownDistance"/>: returns the exact nearest, ties to the
    /// lowest index, as Lloyd decides, and sets the scored groups' bounds (and the own group's, if the row leaves it).
    /// </summary>
    /// <remarks>
    /// Each score is within E/4 of exact, E = 4·(d + 2)·2⁻²⁴·2(‖x‖² + max‖c‖²), and so is the own center's float distance
    /// less ‖x‖²; a candidate more than 2E above the smallest is truly farther. Those within it are decided again by
    /// <see cref="DistanceKernels.ExactSquaredDistance"/>. A group's new bound is √(‖x‖² + its smallest score but the
    /// winner's − E), rounded down.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row searched by group: optimized from the first pass
    private int SearchedByGroup(
        ReadOnlySpan<float> row, int own, float ownDistance, double norm, double upper, Span<float> bounds, YinyangCenters layout, double scoreError, Span<float> rowScores)
    {
        var t = bounds.Length;
        var error = scoreError * 2 * (norm + layout.All.MaxSquaredNorm);
        var ownGroup = GroupOf[own];
        var ownScored = bounds[ownGroup] <= upper;
        var best = -1;
        var bestScore = float.PositiveInfinity;
        var ownScore = (float)(ownDistance - norm);
        if (!ownScored)
        {
            best = own;
            bestScore = ownScore;
        }

        var groupScores = rowScores.Slice(K);
        for (var g = 0; g < t; g++)
        {
            if (!(bounds[g] <= upper))
            {
                continue;
            }

            GroupScores.Score(row, layout.Packed[g], groupScores);
            var members = layout.Members[g];
            for (var i = 0; i < members.Length; i++)
            {
                var score = groupScores[i];
                rowScores[members[i]] = score;
                if (score < bestScore || (score == bestScore && members[i] < best))
                {
                    bestScore = score;
                    best = members[i];
                }
            }
        }

        // Near ties (rare): every candidate within 2E of the smallest score, decided again exactly.
        var limit = bestScore + (2 * error);
        var near = !ownScored && own != best && ownScore <= limit ? 1 : 0;
        for (var g = 0; g < t && near == 0; g++)
        {
            if (bounds[g] <= upper)
            {
                foreach (var j in layout.Members[g])
                {
                    near += j != best && rowScores[j] <= limit ? 1 : 0;
                }
            }
        }

        if (near > 0)
        {
            var exactBest = double.PositiveInfinity;
            var winner = -1;
            if (!ownScored && ownScore <= limit)
            {
                winner = own;
                exactBest = DistanceKernels.ExactSquaredDistance(row, layout.All.Center(own));
            }

            for (var g = 0; g < t; g++)
            {
                if (!(bounds[g] <= upper))
                {
                    continue;
                }

                foreach (var j in layout.Members[g])
                {
                    if (rowScores[j] <= limit)
                    {
                        var exact = DistanceKernels.ExactSquaredDistance(row, layout.All.Center(j));
                        if (exact < exactBest || (exact == exactBest && j < winner))
                        {
                            exactBest = exact;
                            winner = j;
                        }
                    }
                }
            }

            best = winner;
        }

        // New bounds of the scored groups, from their smallest score but the winner's; then the own group's if the row left it.
        for (var g = 0; g < t; g++)
        {
            if (!(bounds[g] <= upper))
            {
                continue;
            }

            var smallest = double.PositiveInfinity;
            foreach (var j in layout.Members[g])
            {
                if (j != best)
                {
                    smallest = Math.Min(smallest, rowScores[j]);
                }
            }

            bounds[g] = LowerBound(norm + smallest - error);
        }

        if (best != own && !ownScored)
        {
            bounds[ownGroup] = Math.Min(bounds[ownGroup], LowerBound(norm + ownScore - error));
        }

        return best;
    }

    /// <summary>√max(0, squared), rounded down into a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LowerBound(double squared) => (float)(Math.Sqrt(Math.Max(0, squared)) * LowerSlack) * FloatLowerSlack;

    /// <summary>
    /// Moves a row's group bounds from its stamp's cumulative group drifts to now's, rounded down and floored at zero;
    /// returns the smallest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double BringUpToDate(Span<float> bounds, double[] then, double[] now)
    {
        var smallest = double.PositiveInfinity;
        for (var g = 0; g < bounds.Length; g++)
        {
            var lowered = Math.Max(0, (float)(bounds[g] - YinyangState.Rise(now[g], then[g])) * FloatLowerSlack);
            bounds[g] = lowered;
            smallest = Math.Min(smallest, lowered);
        }

        return smallest;
    }

    /// <summary>
    /// A lower bound on the <see cref="FarthestCount"/>-th largest distance from a row to its nearest center (squared,
    /// in the float distances' scale), so that rows whose upper bound stays below it need not have their distance
    /// computed to find the farthest rows; −∞ when it cannot be had (as <see cref="BoundedLloydStep"/> finds it).
    /// </summary>
    private double FarthestFloor(DenseMatrix dense, YinyangState state, YinyangCenters layout)
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

        // The count rows of largest upper bound now, kept in a small array by insertion (count is k at most).
        var now = state.Now;
        var rows = new int[count];
        var uppers = new double[count];
        var held = 0;
        for (var i = 0; i < dense.Rows; i++)
        {
            var a = state.Assignment[i];
            var upper = state.Upper[i] + YinyangState.Rise(state.CenterRise[now][a], state.CenterRise[state.Stamp[i]][a]);
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

        var floor = double.PositiveInfinity;
        foreach (var i in rows)
        {
            var own = Math.Sqrt(BlockedAssignment.SquaredDistance(dense.Row(i), layout.All.Center(state.Assignment[i])));
            var others = state.Global[i] - YinyangState.Rise(state.LargestRise[now], state.LargestRise[state.Stamp[i]]);
            var nearest = Math.Max(0, Math.Min(own, others));
            floor = Math.Min(floor, nearest * nearest);
        }

        return floor * FloorSlack; // below the float distances' rounding of the same rows
    }

    /// <summary>The pass's rented scratch.</summary>
    private readonly record struct Scratch(int[] Ints, float[] Floats);
}
