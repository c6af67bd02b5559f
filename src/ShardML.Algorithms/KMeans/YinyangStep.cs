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
/// the partition's working state, its cluster a, an upper bound u on ‖x − c_a‖ and per group G a lower bound l_G on
/// its distance to G's centers other than c_a. When the centers move, u grows by c_a's drift and l_G shrinks by the
/// largest drift in G. Global filter: u &lt; max(min_G l_G, s(a)) keeps the row (s(a): half the distance from c_a to
/// its nearest other center). Otherwise u is made exact with one distance and tested again; then the group filter:
/// only the groups with l_G ≤ u can hold a nearer center. Each such group is scored for the block's rows that fail it
/// together, gathered, by the register-tiled <see cref="BlockedAssignment"/> over the group's packed centers, which
/// gives the group's nearest center, exactly decided, and its second score. The paper's local filter, which skips
/// single centers of a failing group, is not applied: a group of ~10 centers is one vector panel, so skipping lanes
/// saves no instruction; scoring all of them gives exact group bounds instead of the filter's looser ones.
/// </para>
/// <para>
/// Lloyd's assignment is the exact nearest center, ties to the lowest index (<see cref="BlockedAssignment"/> decides
/// near ties again in double). The row's candidates are the scored groups' nearest centers and, when its own group was
/// not scored, c_a; those within the float distances' error of the nearest are decided again by
/// <see cref="DistanceKernels.ExactSquaredDistance"/>, ties to the lowest index: the same rule, so the same center.
/// Bounds are conservative in every rounding (as <see cref="BoundedLloydStep"/>), so a center left out is strictly
/// farther. Every row then joins its cluster's sums in row order through <see cref="ClusterSums"/>, as in the Lloyd
/// step, and the inertia comes from the sums in double (within rounding of Lloyd's). Farthest rows for re-seeding
/// are exact: a row whose upper bound could admit it has its distance computed.
/// </para>
/// <para>
/// A pass without state, or a block in which most row–group pairs fail, scores every group for every row in place.
/// Cost per row kept: t/8 vector bound updates; per row tightened: d multiply-adds; per failing group: its centers × d
/// multiply-adds in the tiled kernel, plus the row's copy. Memory: see <see cref="YinyangState"/>. Dense rows only;
/// CSR partitions run the Lloyd step.
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
        state ??= YinyangState.Start(dense, K, Dimension, GroupOf, layout.Groups);
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
        var block = BlockedAssignment.BlockRows(d);
        var pairs = block * state.Stride;
        // Scratch for a block, rented: a pass allocates only its summary and the group drifts, as the Lloyd step does.
        var scratch = new Scratch(
            ArrayPool<int>.Shared.Rent((5 * block) + (2 * pairs) + state.Stride),
            ArrayPool<float>.Shared.Rent((block * d) + (4 * block) + (2 * pairs)),
            ArrayPool<double>.Shared.Rent(block));
        try
        {
            return Pass(dense, state, layout, drift, sums, counts, farthest, partition, context, block, scratch);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch.Ints);
            ArrayPool<float>.Shared.Return(scratch.Floats);
            ArrayPool<double>.Shared.Return(scratch.Doubles);
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
        var groupRows = ints.Slice(4 * block, block * stride); // group g's failing rows at g·block
        var groupBest = ints.Slice((4 * block) + (block * stride), block * stride); // row r, group g: local index, −1 if not scored
        var groupCounts = ints.Slice((4 * block) + (2 * block * stride), stride);
        var wholeRows = ints.Slice((4 * block) + (2 * block * stride) + stride, block);
        var floats = scratch.Floats.AsSpan();
        var gathered = floats.Slice(0, block * d);
        var outDistances = floats.Slice(block * d, block);
        var outSeconds = floats.Slice((block * d) + block, block);
        var ownDistances = floats.Slice((block * d) + (2 * block), block);
        var known = floats.Slice((block * d) + (3 * block), block); // a row's distance to its center when computed, else −1
        var groupDistances = floats.Slice((block * d) + (4 * block), block * stride);
        var groupSeconds = floats.Slice((block * d) + (4 * block) + (block * stride), block * stride);
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
            groupCounts.Clear();
            known.Slice(0, count).Fill(-1);
            searching.Slice(0, count).Clear();
            var searchAll = drift is null;
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
                        groupBest.Slice(r * stride, t).Fill(-1);
                        for (var g = 0; g < t; g++)
                        {
                            if (bounds[g] <= upper)
                            {
                                groupRows[(g * block) + groupCounts[g]++] = r;
                            }
                        }
                    }
                }

                // While centers still move far most rows fail: searching the whole block in place beats gathering.
                searchAll = wholes > count / 2;
            }

            if (searchAll)
            {
                searching.Slice(0, count).Fill(Whole);
                groupCounts.Clear();
                BlockedAssignment.Assign(rows, layout.All, outNearest.Slice(0, count), outDistances.Slice(0, count), outSeconds.Slice(0, count));
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

            for (var g = 0; g < t; g++)
            {
                var n = groupCounts[g];
                if (n == 0)
                {
                    continue;
                }

                var members = groupRows.Slice(g * block, n);
                for (var i = 0; i < n; i++)
                {
                    rows.Slice(members[i] * d, d).CopyTo(gathered.Slice(i * d, d));
                }

                BlockedAssignment.Assign(gathered.Slice(0, n * d), layout.Packed[g], outNearest.Slice(0, n), outDistances.Slice(0, n), outSeconds.Slice(0, n));
                for (var i = 0; i < n; i++)
                {
                    var r = members[i];
                    groupBest[(r * stride) + g] = outNearest[i];
                    groupDistances[(r * stride) + g] = outDistances[i];
                    groupSeconds[(r * stride) + g] = outSeconds[i];
                }
            }

            for (var r = 0; r < count; r++)
            {
                if (searching[r] == Whole)
                {
                    searched++;
                }

                if (searching[r] != ByGroup)
                {
                    continue;
                }

                searched++;
                var row = rows.Slice(r * d, d);
                var best = groupBest.Slice(r * stride, t);
                var bestDistances = groupDistances.Slice(r * stride, t);
                var a = assignment[r];
                var ownGroup = GroupOf[a];
                var ownScored = best[ownGroup] >= 0;
                var (winner, distance) = Decide(row, layout, best, bestDistances, ownScored ? -1 : a, ownScored ? 0 : ownDistances[r], distanceError);
                nearest[r] = winner;
                assignment[r] = winner;
                known[r] = distance;
                uppers[r] = Math.Sqrt(distance) * UpperSlack;

                // New group bounds: the scored groups' exact ones; c_a joins its unscored group's bound when the row leaves it.
                var bounds = lowers.Slice(r * stride, t);
                var winnerGroup = GroupOf[winner];
                var norm = norms[r];
                for (var g = 0; g < t; g++)
                {
                    if (best[g] < 0)
                    {
                        continue;
                    }

                    var lower = g == winnerGroup
                        ? Math.Sqrt(Math.Max(0, norm + groupSeconds[(r * stride) + g] - (scoreError * 2 * (norm + layout.Packed[g].MaxSquaredNorm))))
                        : Math.Sqrt(bestDistances[g] * (1 - distanceError));
                    bounds[g] = (float)(lower * LowerSlack) * FloatLowerSlack;
                }

                if (winner != a && !ownScored)
                {
                    var left = (float)(Math.Sqrt(ownDistances[r] * (1 - distanceError)) * LowerSlack) * FloatLowerSlack;
                    bounds[ownGroup] = Math.Min(bounds[ownGroup], left);
                }

                var smallest = double.PositiveInfinity;
                foreach (var bound in bounds)
                {
                    smallest = Math.Min(smallest, bound);
                }

                globals[r] = smallest;
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

            ClusterSums.Add(rows, d, nearest.Slice(0, count), sums, counts);
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
    /// The row's nearest center among the scored groups' nearest (<paramref name="best"/>, local indices, −1 for a group
    /// not scored) and, when <paramref name="own"/> ≥ 0, its own center at <paramref name="ownDistance"/>: the exact
    /// nearest, ties to the lowest index, as Lloyd decides. Returns it with its float squared distance.
    /// </summary>
    private static (int Center, float Distance) Decide(ReadOnlySpan<float> row, YinyangCenters layout, ReadOnlySpan<int> best, ReadOnlySpan<float> distances, int own, float ownDistance, double distanceError)
    {
        var winner = own;
        var minimum = own >= 0 ? ownDistance : float.PositiveInfinity;
        var nearTies = 0;
        for (var g = 0; g < best.Length; g++)
        {
            if (best[g] >= 0 && distances[g] < minimum)
            {
                minimum = distances[g];
                winner = layout.Members[g][best[g]];
            }
        }

        // Any other candidate within both float distances' error of the minimum could be the exact nearest.
        var limit = minimum + (2 * distanceError * minimum);
        nearTies += own >= 0 && own != winner && ownDistance <= limit ? 1 : 0;
        for (var g = 0; g < best.Length; g++)
        {
            nearTies += best[g] >= 0 && layout.Members[g][best[g]] != winner && distances[g] <= limit ? 1 : 0;
        }

        if (nearTies == 0)
        {
            return (winner, minimum);
        }

        var exactWinner = -1;
        var exactMinimum = double.PositiveInfinity;
        if (own >= 0 && ownDistance <= limit)
        {
            exactWinner = own;
            exactMinimum = DistanceKernels.ExactSquaredDistance(row, layout.All.Center(own));
        }

        var winnerDistance = own == exactWinner ? ownDistance : float.PositiveInfinity;
        for (var g = 0; g < best.Length; g++)
        {
            if (best[g] < 0 || !(distances[g] <= limit))
            {
                continue;
            }

            var center = layout.Members[g][best[g]];
            var exact = DistanceKernels.ExactSquaredDistance(row, layout.All.Center(center));
            if (exact < exactMinimum || (exact == exactMinimum && center < exactWinner))
            {
                exactMinimum = exact;
                exactWinner = center;
                winnerDistance = distances[g];
            }
        }

        return (exactWinner, winnerDistance);
    }

    /// <summary>
    /// Moves a row's group bounds from its stamp's cumulative group drifts to now's, rounded down and floored at zero;
    /// returns the smallest.
    /// </summary>
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
    private readonly record struct Scratch(int[] Ints, float[] Floats, double[] Doubles);
}
