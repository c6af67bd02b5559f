using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The 256-bit (AVX2) path of <see cref="BlockedAssignment"/>: the same structure as the 512-bit one with panels of 8
/// centers in ymm registers.
/// </summary>
/// <remarks>
/// AVX2 has 16 vector registers, so a tile of 16 rows × 16 centers (32 ymm accumulators) cannot stay in them. The
/// scores come from tiles of <see cref="PairRows"/> rows × 2 panels (16 centers): 12 accumulators, 2 panel vectors and
/// a broadcast row feature, 12 independent FMA chains against the 8 that two FMA pipes of latency 4 need, and 8 loads
/// per 12 FMAs. A last odd panel takes 8 rows × 1 panel. The rows of a full tile are then decided 8 at a time, as on
/// the 512-bit path: each row's minimum over its panels, the 8 minima by one transpose-and-reduce tree, each winner
/// the first lane equal to its row's minimum, the 8 winners' exact squared distances by the same tree with adds, and
/// the same rounding-error rule (τ) for near ties. The distance tree adds lanes in the order
/// <see cref="Vector256.Sum{T}(Vector256{T})"/> does (adjacent pairs, then pairs of pairs, then the two halves), so
/// each distance has the bits <see cref="BlockedAssignment.SquaredDistance"/> gives on a 256-bit machine.
/// </remarks>
public static partial class BlockedAssignment
{
    /// <summary>
    /// The instantiations of the generic finish that <see cref="Assign(ReadOnlySpan{float}, PackedCenters, Span{int}, Span{float}, Span{float}, ReadOnlySpan{float})"/>
    /// calls, for compiling before a first pass (KernelPreparation leaves generic definitions to the caller).
    /// </summary>
    internal static IEnumerable<MethodBase> GenericKernels()
    {
        var finish = typeof(BlockedAssignment).GetMethod(nameof(FinishTile256), BindingFlags.NonPublic | BindingFlags.Static)!;
        return [finish.MakeGenericMethod(typeof(TwoPanels)), finish.MakeGenericMethod(typeof(AnyPanels))];
    }

    /// <summary>Rows of a 256-bit tile over a pair of panels: 6 rows × 2 panels are 12 ymm accumulators.</summary>
    private const int PairRows = 6;

    /// <summary>The scores of up to 16 rows against every panel of 8 centers: pairs of panels, then a last odd one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles256(ref float x, int d, int tile, PackedCenters centers, ref float scores, int stride)
    {
        var panels = centers.Panels;
        if (panels >= 2)
        {
            // 6 + 6 + 4 rows for a full tile; the last 4 computes 2 repeated rows, which measured no slower than a
            // separate 4-row kernel.
            for (var r = 0; r < tile; r += PairRows)
            {
                ref var rows = ref Unsafe.Add(ref x, r * d);
                ref var rowScores = ref Unsafe.Add(ref scores, r * stride);
                var count = Math.Min(PairRows, tile - r);
                for (var p = 0; p + 1 < panels; p += 2)
                {
                    TilePair256(ref rows, d, count, centers, p, ref Unsafe.Add(ref rowScores, p * 8), stride);
                }
            }
        }

        if ((panels & 1) != 0)
        {
            var p = panels - 1;
            Tile256(ref x, d, Math.Min(tile, 8), centers, p, ref Unsafe.Add(ref scores, p * 8), stride);
            if (tile > 8)
            {
                Tile256(ref Unsafe.Add(ref x, 8 * d), d, tile - 8, centers, p, ref Unsafe.Add(ref scores, (8 * stride) + (p * 8)), stride);
            }
        }
    }

    /// <summary>Scores of up to 6 rows against panels <paramref name="panel"/> and <paramref name="panel"/> + 1: 12 ymm accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TilePair256(ref float x, int d, int tile, PackedCenters centers, int panel, ref float scores, int stride)
    {
        // Rows past the end of a short tile repeat the last row; their scores are not stored.
        ref var x0 = ref x;
        ref var x1 = ref Unsafe.Add(ref x, Math.Min(1, tile - 1) * d);
        ref var x2 = ref Unsafe.Add(ref x, Math.Min(2, tile - 1) * d);
        ref var x3 = ref Unsafe.Add(ref x, Math.Min(3, tile - 1) * d);
        ref var x4 = ref Unsafe.Add(ref x, Math.Min(4, tile - 1) * d);
        ref var x5 = ref Unsafe.Add(ref x, Math.Min(5, tile - 1) * d);
        ref var c = ref MemoryMarshal.GetArrayDataReference(centers.Panel);
        c = ref Unsafe.Add(ref c, panel * d * 8);
        ref var c1 = ref Unsafe.Add(ref c, d * 8);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default;
        for (var f = 0; f < d; f++)
        {
            var cf = Vector256.LoadUnsafe(ref c, (nuint)(f * 8));
            var cg = Vector256.LoadUnsafe(ref c1, (nuint)(f * 8));
            var v = Vector256.Create(Unsafe.Add(ref x0, f));
            a0 = Vector256.FusedMultiplyAdd(v, cf, a0);
            b0 = Vector256.FusedMultiplyAdd(v, cg, b0);
            v = Vector256.Create(Unsafe.Add(ref x1, f));
            a1 = Vector256.FusedMultiplyAdd(v, cf, a1);
            b1 = Vector256.FusedMultiplyAdd(v, cg, b1);
            v = Vector256.Create(Unsafe.Add(ref x2, f));
            a2 = Vector256.FusedMultiplyAdd(v, cf, a2);
            b2 = Vector256.FusedMultiplyAdd(v, cg, b2);
            v = Vector256.Create(Unsafe.Add(ref x3, f));
            a3 = Vector256.FusedMultiplyAdd(v, cf, a3);
            b3 = Vector256.FusedMultiplyAdd(v, cg, b3);
            v = Vector256.Create(Unsafe.Add(ref x4, f));
            a4 = Vector256.FusedMultiplyAdd(v, cf, a4);
            b4 = Vector256.FusedMultiplyAdd(v, cg, b4);
            v = Vector256.Create(Unsafe.Add(ref x5, f));
            a5 = Vector256.FusedMultiplyAdd(v, cf, a5);
            b5 = Vector256.FusedMultiplyAdd(v, cg, b5);
        }

        ref var norms = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(centers.Norms), panel * 8);
        var n0 = Vector256.LoadUnsafe(ref norms);
        var n1 = Vector256.LoadUnsafe(ref norms, 8);
        var minusTwo = Vector256.Create(-2f);
        Vector256.FusedMultiplyAdd(a0, minusTwo, n0).StoreUnsafe(ref scores);
        Vector256.FusedMultiplyAdd(b0, minusTwo, n1).StoreUnsafe(ref scores, 8);
        if (tile > 1)
        {
            Vector256.FusedMultiplyAdd(a1, minusTwo, n0).StoreUnsafe(ref scores, (nuint)stride);
            Vector256.FusedMultiplyAdd(b1, minusTwo, n1).StoreUnsafe(ref scores, (nuint)(stride + 8));
        }

        if (tile > 2)
        {
            Vector256.FusedMultiplyAdd(a2, minusTwo, n0).StoreUnsafe(ref scores, (nuint)(2 * stride));
            Vector256.FusedMultiplyAdd(b2, minusTwo, n1).StoreUnsafe(ref scores, (nuint)((2 * stride) + 8));
        }

        if (tile > 3)
        {
            Vector256.FusedMultiplyAdd(a3, minusTwo, n0).StoreUnsafe(ref scores, (nuint)(3 * stride));
            Vector256.FusedMultiplyAdd(b3, minusTwo, n1).StoreUnsafe(ref scores, (nuint)((3 * stride) + 8));
        }

        if (tile > 4)
        {
            Vector256.FusedMultiplyAdd(a4, minusTwo, n0).StoreUnsafe(ref scores, (nuint)(4 * stride));
            Vector256.FusedMultiplyAdd(b4, minusTwo, n1).StoreUnsafe(ref scores, (nuint)((4 * stride) + 8));
        }

        if (tile > 5)
        {
            Vector256.FusedMultiplyAdd(a5, minusTwo, n0).StoreUnsafe(ref scores, (nuint)(5 * stride));
            Vector256.FusedMultiplyAdd(b5, minusTwo, n1).StoreUnsafe(ref scores, (nuint)((5 * stride) + 8));
        }
    }

    /// <summary>The same as <see cref="Tile512"/> for a panel of 8 centers in ymm registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(ref float x, int d, int tile, PackedCenters centers, int panel, ref float scores, int stride)
    {
        ref var x0 = ref x;
        ref var x1 = ref Unsafe.Add(ref x, Math.Min(1, tile - 1) * d);
        ref var x2 = ref Unsafe.Add(ref x, Math.Min(2, tile - 1) * d);
        ref var x3 = ref Unsafe.Add(ref x, Math.Min(3, tile - 1) * d);
        ref var x4 = ref Unsafe.Add(ref x, Math.Min(4, tile - 1) * d);
        ref var x5 = ref Unsafe.Add(ref x, Math.Min(5, tile - 1) * d);
        ref var x6 = ref Unsafe.Add(ref x, Math.Min(6, tile - 1) * d);
        ref var x7 = ref Unsafe.Add(ref x, Math.Min(7, tile - 1) * d);
        ref var c = ref MemoryMarshal.GetArrayDataReference(centers.Panel);
        c = ref Unsafe.Add(ref c, panel * d * 8);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (var f = 0; f < d; f++)
        {
            var cf = Vector256.LoadUnsafe(ref c, (nuint)(f * 8));
            a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x0, f)), cf, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x1, f)), cf, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x2, f)), cf, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x3, f)), cf, a3);
            a4 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x4, f)), cf, a4);
            a5 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x5, f)), cf, a5);
            a6 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x6, f)), cf, a6);
            a7 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x7, f)), cf, a7);
        }

        var norms = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(centers.Norms), (nuint)(panel * 8));
        var minusTwo = Vector256.Create(-2f);
        Vector256.FusedMultiplyAdd(a0, minusTwo, norms).StoreUnsafe(ref scores);
        Vector256.FusedMultiplyAdd(a1, minusTwo, norms).StoreUnsafe(ref scores, (nuint)stride);
        Vector256.FusedMultiplyAdd(a2, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(2 * stride));
        Vector256.FusedMultiplyAdd(a3, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(3 * stride));
        Vector256.FusedMultiplyAdd(a4, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(4 * stride));
        Vector256.FusedMultiplyAdd(a5, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(5 * stride));
        Vector256.FusedMultiplyAdd(a6, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(6 * stride));
        Vector256.FusedMultiplyAdd(a7, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(7 * stride));
    }


    /// <summary>
    /// A full tile's 8 rows on the 256-bit path (any number of panels): each row's minimum over its panels, the 8
    /// minima by one transpose-and-reduce tree, each winner the first lane equal to its row's minimum, the winners'
    /// squared distances by the same tree with adds, and one compare per panel and row for the centers within τ of the
    /// minimum. A row with another center within τ is decided again exactly (<see cref="RedecideTile256"/>).
    /// <typeparamref name="TPanels"/> makes the panel count a constant for k ≤ 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // not inlined into Assign, where the inliner's budget would leave its helpers as calls
    private static void FinishTile256<TPanels>(ref float scores, ref float rows, PackedCenters centers, ref int nearest, ref float squaredDistances)
        where TPanels : struct, IPanelCount
    {
        var panels = TPanels.Of(centers);
        var d = centers.Dimension;
        var stride = centers.PaddedCount;
        var minima = Reduce256<MinOperator>(
            RowMinimum(ref scores, panels),
            RowMinimum(ref Unsafe.Add(ref scores, stride), panels),
            RowMinimum(ref Unsafe.Add(ref scores, 2 * stride), panels),
            RowMinimum(ref Unsafe.Add(ref scores, 3 * stride), panels),
            RowMinimum(ref Unsafe.Add(ref scores, 4 * stride), panels),
            RowMinimum(ref Unsafe.Add(ref scores, 5 * stride), panels),
            RowMinimum(ref Unsafe.Add(ref scores, 6 * stride), panels),
            RowMinimum(ref Unsafe.Add(ref scores, 7 * stride), panels));
        var b0 = FirstEqualOfPanels(ref scores, panels, Vector256.Shuffle(minima, Vector256.Create(0)));
        var b1 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, stride), panels, Vector256.Shuffle(minima, Vector256.Create(1)));
        var b2 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, 2 * stride), panels, Vector256.Shuffle(minima, Vector256.Create(2)));
        var b3 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, 3 * stride), panels, Vector256.Shuffle(minima, Vector256.Create(3)));
        var b4 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, 4 * stride), panels, Vector256.Shuffle(minima, Vector256.Create(4)));
        var b5 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, 5 * stride), panels, Vector256.Shuffle(minima, Vector256.Create(5)));
        var b6 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, 6 * stride), panels, Vector256.Shuffle(minima, Vector256.Create(6)));
        var b7 = FirstEqualOfPanels(ref Unsafe.Add(ref scores, 7 * stride), panels, Vector256.Shuffle(minima, Vector256.Create(7)));
        ref var c = ref MemoryMarshal.GetArrayDataReference(centers.Centers);
        var distances = Reduce256<AddOperator>(
            SquaredDifferences256(ref rows, ref Unsafe.Add(ref c, b0 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, d), ref Unsafe.Add(ref c, b1 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, 2 * d), ref Unsafe.Add(ref c, b2 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, 3 * d), ref Unsafe.Add(ref c, b3 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, 4 * d), ref Unsafe.Add(ref c, b4 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, 5 * d), ref Unsafe.Add(ref c, b5 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, 6 * d), ref Unsafe.Add(ref c, b6 * d), d),
            SquaredDifferences256(ref Unsafe.Add(ref rows, 7 * d), ref Unsafe.Add(ref c, b7 * d), d));
        nearest = b0;
        Unsafe.Add(ref nearest, 1) = b1;
        Unsafe.Add(ref nearest, 2) = b2;
        Unsafe.Add(ref nearest, 3) = b3;
        Unsafe.Add(ref nearest, 4) = b4;
        Unsafe.Add(ref nearest, 5) = b5;
        Unsafe.Add(ref nearest, 6) = b6;
        Unsafe.Add(ref nearest, 7) = b7;
        distances.StoreUnsafe(ref squaredDistances);
        if ((d & 7) != 0)
        {
            // The features past the last whole vector, one FMA chain after the lanes' sum, as SquaredDistance adds them.
            AddTails(ref rows, centers, ref nearest, ref squaredDistances);
            distances = Vector256.LoadUnsafe(ref squaredDistances);
        }

        var limits = minima + new ErrorBound(centers).Tau(distances);
        var crowded = Crowded(ref scores, panels, Vector256.Shuffle(limits, Vector256.Create(0)))
            | Crowded(ref Unsafe.Add(ref scores, stride), panels, Vector256.Shuffle(limits, Vector256.Create(1)))
            | Crowded(ref Unsafe.Add(ref scores, 2 * stride), panels, Vector256.Shuffle(limits, Vector256.Create(2)))
            | Crowded(ref Unsafe.Add(ref scores, 3 * stride), panels, Vector256.Shuffle(limits, Vector256.Create(3)))
            | Crowded(ref Unsafe.Add(ref scores, 4 * stride), panels, Vector256.Shuffle(limits, Vector256.Create(4)))
            | Crowded(ref Unsafe.Add(ref scores, 5 * stride), panels, Vector256.Shuffle(limits, Vector256.Create(5)))
            | Crowded(ref Unsafe.Add(ref scores, 6 * stride), panels, Vector256.Shuffle(limits, Vector256.Create(6)))
            | Crowded(ref Unsafe.Add(ref scores, 7 * stride), panels, Vector256.Shuffle(limits, Vector256.Create(7)));
        if (crowded)
        {
            RedecideTile256(ref scores, ref rows, centers, limits, ref nearest, ref squaredDistances);
        }
    }

    /// <summary>How many panels of 8 centers a row of scores has: a constant where k allows, so the per-row loops unroll.</summary>
    private interface IPanelCount
    {
        static abstract int Of(PackedCenters centers);
    }

    /// <summary>9 ≤ k ≤ 16, the benchmark's k = 16.</summary>
    private readonly struct TwoPanels : IPanelCount
    {
        public static int Of(PackedCenters centers) => 2;
    }

    private readonly struct AnyPanels : IPanelCount
    {
        public static int Of(PackedCenters centers) => centers.Panels;
    }

    /// <summary>The lane-wise minimum of a row's panels: one vector whose smallest lane is the row's minimum score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowMinimum(ref float scores, int panels)
    {
        var m = Vector256.LoadUnsafe(ref scores);
        if (panels == 2)
        {
            return Vector256.MinNative(m, Vector256.LoadUnsafe(ref scores, 8)); // k ≤ 16: no loop
        }

        for (var p = 1; p < panels; p++)
        {
            m = Vector256.MinNative(m, Vector256.LoadUnsafe(ref scores, (nuint)(p * 8)));
        }

        return m;
    }

    /// <summary>The lowest index whose score equals <paramref name="minimum"/> (in every lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstEqualOfPanels(ref float scores, int panels, Vector256<float> minimum)
    {
        var mask = Vector256.Equals(Vector256.LoadUnsafe(ref scores), minimum).ExtractMostSignificantBits();
        if (panels == 2)
        {
            mask |= Vector256.Equals(Vector256.LoadUnsafe(ref scores, 8), minimum).ExtractMostSignificantBits() << 8;
            return BitOperations.TrailingZeroCount(mask);
        }

        var p = 0;
        while (mask == 0 && ++p < panels)
        {
            mask = Vector256.Equals(Vector256.LoadUnsafe(ref scores, (nuint)(p * 8)), minimum).ExtractMostSignificantBits();
        }

        return (p * 8) + BitOperations.TrailingZeroCount(mask);
    }

    /// <summary>Whether more than one of a row's scores is at most <paramref name="limit"/> (in every lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Crowded(ref float scores, int panels, Vector256<float> limit)
    {
        var mask = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref scores), limit).ExtractMostSignificantBits();
        if (panels == 2)
        {
            mask |= Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref scores, 8), limit).ExtractMostSignificantBits() << 8;
            return (mask & (mask - 1)) != 0;
        }

        var count = BitOperations.PopCount(mask);
        for (var p = 1; p < panels; p++)
        {
            count += BitOperations.PopCount(Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref scores, (nuint)(p * 8)), limit).ExtractMostSignificantBits());
        }

        return count > 1;
    }

    /// <summary>The lanes of Σ (a − b)² over the whole vectors of n floats; the tail is added by <see cref="AddTails"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SquaredDifferences256(ref float a, ref float b, int n)
    {
        var acc = Vector256<float>.Zero;
        for (var i = 0; i <= n - 8; i += 8)
        {
            var diff = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
            acc = Vector256.FusedMultiplyAdd(diff, diff, acc);
        }

        return acc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // only when d is not a multiple of 8
    private static void AddTails(ref float rows, PackedCenters centers, ref int nearest, ref float squaredDistances)
    {
        var d = centers.Dimension;
        ref var c = ref MemoryMarshal.GetArrayDataReference(centers.Centers);
        for (var r = 0; r < 8; r++)
        {
            ref var row = ref Unsafe.Add(ref rows, r * d);
            ref var center = ref Unsafe.Add(ref c, Unsafe.Add(ref nearest, r) * d);
            var total = Unsafe.Add(ref squaredDistances, r);
            for (var f = d & ~7; f < d; f++)
            {
                var diff = Unsafe.Add(ref row, f) - Unsafe.Add(ref center, f);
                total = MathF.FusedMultiplyAdd(diff, diff, total);
            }

            Unsafe.Add(ref squaredDistances, r) = total;
        }
    }

    /// <summary>
    /// Reduces 8 vectors of 8 lanes to 8 values, row r in lane r: adjacent lanes within 128 bits, then pairs of those,
    /// then the two 128-bit halves — the order of <see cref="Vector256.Sum{T}(Vector256{T})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reduce256<TOperator>(
        Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3,
        Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7)
        where TOperator : struct, IReduceOperator
    {
        var t01 = Pairs<TOperator>(v0, v1);
        var t23 = Pairs<TOperator>(v2, v3);
        var t45 = Pairs<TOperator>(v4, v5);
        var t67 = Pairs<TOperator>(v6, v7);
        var u0123 = Pairs<TOperator>(t01, t23);
        var u4567 = Pairs<TOperator>(t45, t67);
        return TOperator.Apply(Avx.Permute2x128(u0123, u4567, 0x20), Avx.Permute2x128(u0123, u4567, 0x31));
    }

    /// <summary>Within each 128-bit half: (a0∘a1, a2∘a3, b0∘b1, b2∘b3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pairs<TOperator>(Vector256<float> a, Vector256<float> b)
        where TOperator : struct, IReduceOperator =>
        TOperator.Apply(Avx.Shuffle(a, b, 0x88), Avx.Shuffle(a, b, 0xDD));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // hundreds of tiles a pass: not left to tiering
    private static void RedecideTile256(ref float scores, ref float rows, PackedCenters centers, Vector256<float> limits, ref int nearest, ref float squaredDistances)
    {
        var d = centers.Dimension;
        var stride = centers.PaddedCount;
        for (var r = 0; r < 8; r++)
        {
            var rowScores = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref scores, r * stride), stride);
            var limit = limits.GetElement(r);
            if (CountAtMost(rowScores, limit) > 1)
            {
                var row = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref rows, r * d), d);
                var best = ExactNearest(row, rowScores, limit, centers);
                Unsafe.Add(ref nearest, r) = best;
                Unsafe.Add(ref squaredDistances, r) = SquaredDistance(row, centers.Center(best));
            }
        }
    }
}
