using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Nearest centers for a block of dense rows, the assignment step of Lloyd's algorithm at the machine's limit.
/// </summary>
/// <remarks>
/// <para>
/// Operation: for every row x and center c, the score s(x, c) = ‖c‖² − 2 x·c, which orders the centers as
/// ‖x − c‖² does (‖x‖² is the same for all of them); the nearest center is the lowest-index minimum. The scores of a
/// tile of 16 rows against a panel of W centers (<see cref="PackedCenters"/>) come from a register-tiled micro-kernel
/// in the manner of BLIS (Van Zee &amp; van de Geijn, 2015): for each feature f, one vector load of the panel's f-th
/// components and 16 fused multiply-adds, each with row r's x_f broadcast from memory, into 16 accumulators held in
/// zmm registers. 16 independent chains are twice what FMA latency × ports needs; with 8 the loop ran at ~60% of the
/// FMA peak on Zen 5, with 16 at ~90%. The panel stays in L1; the rows stream from memory once and are read again
/// from L1 for the exact distance. The 16 rows are then decided 8 at a time by transpose-and-reduce trees.
/// </para>
/// <para>
/// Cost per row: k·d multiply-adds (2·k·d flops) for the scores, d for the winner's exact squared distance, a few
/// vector operations for the argmin; bytes: the row, read once (4·d). At k = 16, d = 32 that is 1 024 flops per 128
/// bytes, so on a 2-core AVX-512 machine (≈430 GFLOP/s, ≈57 GB/s) compute and memory limits meet (≈2.4 ms per 10⁶ rows).
/// </para>
/// <para>
/// Accuracy: the expansion cancels when x is far from the origin, so its float argmin can differ from the exact one
/// when two centers are nearly tied. Each score carries an error of at most (d + 2)·u·(‖x‖ + ‖c‖)², u = 2⁻²⁴, and
/// ‖x‖ ≤ ‖x − c*‖ + ‖c*‖, so with τ = 4·(d + 2)·u·(2‖x − c*‖² + 8·max‖c‖²) (twice the bound on the difference of two
/// scores) any center whose score is above the minimum by more than τ is truly farther. When another center is within
/// τ, the row is decided again by exact squared distances in double, ties to the lowest index; this is rare, and it
/// makes the assignment that of an exact Lloyd. The winner's squared distance is always computed directly as
/// Σ (x − c)², so the inertia does not suffer the cancellation.
/// </para>
/// <para>
/// Each lane's dot product is one sequential fused multiply-add chain over the features, on every vector width and on
/// the scalar path, so the assignments and distances have the same bits on AVX-512, AVX2 and scalar hardware (the
/// exact distance's horizontal sum may differ in the last bit between widths). NaN: rows must be finite (the readers
/// reject NaN and ±∞); a row with NaN gets an unspecified center and a NaN distance.
/// </para>
/// </remarks>
public static partial class BlockedAssignment
{
    /// <summary>Rows per register tile (16 zmm accumulators; AVX2 takes them 8 at a time).</summary>
    public const int TileRows = 16;

    private const float UnitRoundoff = 1f / (1 << 24);

    private const int BlockBytes = 64 * 1024;

    /// <summary>
    /// Rows per block for a pass over rows of <paramref name="dimension"/> floats: at most 64 KB and 512 rows, a whole
    /// number of tiles, so a block assigned is still in L1/L2 when its rows are summed.
    /// </summary>
    public static int BlockRows(int dimension) =>
        Math.Clamp(BlockBytes / (sizeof(float) * dimension) / TileRows * TileRows, TileRows, 512);

    /// <summary>
    /// Assigns each of the <c>nearest.Length</c> rows of <paramref name="rows"/> (row-major, <c>centers.Dimension</c>
    /// features each) to its nearest center and writes the exact squared distance to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Assign(ReadOnlySpan<float> rows, PackedCenters centers, Span<int> nearest, Span<float> squaredDistances) =>
        Assign(rows, centers, nearest, squaredDistances, default, default);

    /// <summary>
    /// <see cref="Assign(ReadOnlySpan{float}, PackedCenters, Span{int}, Span{float})"/>, and also, when
    /// <paramref name="secondScores"/> is not empty, each row's smallest score ‖c‖² − 2x·c over the centers other than
    /// the one it is assigned to (+∞ with one center): with ‖x‖² and the scores' error bound (see remarks), a lower
    /// bound on the distance to the second-nearest center. <paramref name="following"/> is what the caller will pass
    /// next, usually the rest of the partition: the start of it is prefetched while the last tiles are scored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Assign(
        ReadOnlySpan<float> rows, PackedCenters centers, Span<int> nearest, Span<float> squaredDistances, Span<float> secondScores, ReadOnlySpan<float> following = default)
    {
        var count = nearest.Length;
        var d = centers.Dimension;
        if (rows.Length < count * d || squaredDistances.Length < count || (!secondScores.IsEmpty && secondScores.Length < count))
        {
            throw new ArgumentException("rows, distances or second scores are shorter than the number of rows");
        }

        if (count == 0)
        {
            return;
        }

        var stride = centers.PaddedCount;
        // Only narrow rows: a tile of wide rows is too big to fetch ahead into L1 without evicting the tile being scored
        // (MNIST-like rows, d = 784: Lloyd passes 23 → 26–36 ms with the next tile fetched ahead).
        var ahead = TileRows * d <= Prefetch.StreamAheadFloats / 2 ? Prefetch.StreamAheadFloats : 0;
        var assigned = rows[..(count * d)];
        var scratch = ArrayPool<float>.Shared.Rent((TileRows * stride) + 16);
        float[]? shortTile = null;
        try
        {
            ref var x = ref MemoryMarshal.GetReference(rows);
            ref var scores = ref MemoryMarshal.GetArrayDataReference(scratch);
            for (var start = 0; start < count; start += TileRows)
            {
                var tile = Math.Min(TileRows, count - start);
                ref var first = ref Unsafe.Add(ref x, start * d);
                if (ahead > 0)
                {
                    Prefetch.Ahead(assigned, following, (start * d) + ahead, TileRows * d);
                }

                if (centers.Width == 8)
                {
                    Tiles256(ref first, d, tile, centers, ref scores, stride);
                }
                else
                {
                    // A short tile (the last of a block, or of a bounded pass's gathered rows) is scored from a copy
                    // padded to 16 rows with its last row; the padding's scores are not read.
                    ref var tileRows = ref first;
                    if (tile < TileRows && centers.Width == 16)
                    {
                        shortTile ??= ArrayPool<float>.Shared.Rent(TileRows * d);
                        for (var r = 0; r < TileRows; r++)
                        {
                            rows.Slice((start + Math.Min(r, tile - 1)) * d, d).CopyTo(shortTile.AsSpan(r * d));
                        }

                        tileRows = ref MemoryMarshal.GetArrayDataReference(shortTile);
                    }

                    for (var p = 0; p < centers.Panels; p++)
                    {
                        ref var score = ref Unsafe.Add(ref scores, p * centers.Width);
                        if (centers.Width == 16)
                        {
                            Tile512(ref tileRows, d, centers, p, ref score, stride);
                        }
                        else
                        {
                            TileScalar(ref first, d, tile, centers, p, ref score, stride);
                        }
                    }
                }

                ref var n = ref Unsafe.Add(ref MemoryMarshal.GetReference(nearest), start);
                ref var q = ref Unsafe.Add(ref MemoryMarshal.GetReference(squaredDistances), start);
                if (centers.Width == 16 && centers.Panels == 1 && tile == TileRows && Avx512F.IsSupported)
                {
                    FinishTile512(ref scores, ref first, centers, ref n, ref q, scratch);
                    FinishTile512(ref Unsafe.Add(ref scores, 8 * 16), ref Unsafe.Add(ref first, 8 * d), centers, ref Unsafe.Add(ref n, 8), ref Unsafe.Add(ref q, 8), scratch);
                }
                else if (centers.Width == 8 && tile == TileRows && Avx2.IsSupported)
                {
                    if (centers.Panels == 2)
                    {
                        FinishTile256<TwoPanels>(ref scores, ref first, centers, ref n, ref q);
                        FinishTile256<TwoPanels>(ref Unsafe.Add(ref scores, 8 * stride), ref Unsafe.Add(ref first, 8 * d), centers, ref Unsafe.Add(ref n, 8), ref Unsafe.Add(ref q, 8));
                    }
                    else
                    {
                        FinishTile256<AnyPanels>(ref scores, ref first, centers, ref n, ref q);
                        FinishTile256<AnyPanels>(ref Unsafe.Add(ref scores, 8 * stride), ref Unsafe.Add(ref first, 8 * d), centers, ref Unsafe.Add(ref n, 8), ref Unsafe.Add(ref q, 8));
                    }
                }
                else
                {
                    for (var r = 0; r < tile; r++)
                    {
                        var row = rows.Slice((start + r) * d, d);
                        var rowScores = scratch.AsSpan(r * stride, stride);
                        nearest[start + r] = Decide(row, rowScores, centers, out var distance);
                        squaredDistances[start + r] = distance;
                    }
                }

                if (!secondScores.IsEmpty)
                {
                    for (var r = 0; r < tile; r++)
                    {
                        secondScores[start + r] = MinimumExcept(scratch.AsSpan(r * stride, centers.Count), nearest[start + r]);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
            if (shortTile is not null)
            {
                ArrayPool<float>.Shared.Return(shortTile);
            }
        }
    }

    /// <summary>
    /// Σ (x_f − c_f)² in float lanes, horizontally summed once: the winner's distance, free of the expansion's
    /// cancellation. Its bits are those the tiles give their winners (<see cref="FinishTile512"/>, FinishTile256), so a
    /// row's distance is one number whichever path decided it: Lloyd's inertia, a bounded pass's and an evaluation's agree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> c)
    {
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(c);
        var n = x.Length;
        if (Avx512F.IsSupported)
        {
            return SumOfLanes(SquaredDifferences(ref a, ref b, n));
        }

        var i = 0;
        var total = 0f;
        if (Vector256.IsHardwareAccelerated && n - i >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var diff = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                acc = Vector256.FusedMultiplyAdd(diff, diff, acc);
            }

            total += Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            var diff = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            total = MathF.FusedMultiplyAdd(diff, diff, total);
        }

        return total;
    }

    /// <summary>The smallest of <paramref name="scores"/> but the one at <paramref name="except"/>; +∞ when there is no other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row on the AVX2 and scalar paths: optimized from the first pass, not after tiering
    private static float MinimumExcept(ReadOnlySpan<float> scores, int except)
    {
        if (Vector512.IsHardwareAccelerated && scores.Length == 16)
        {
            // k = 16, one vector: the excepted lane becomes +∞, then one reduction.
            var lanes = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(scores));
            var masked = Vector512.ConditionalSelect(Vector512.Equals(Vector512<int>.Indices, Vector512.Create(except)).AsSingle(), Vector512.Create(float.PositiveInfinity), lanes);
            var half = Vector256.MinNative(masked.GetLower(), masked.GetUpper());
            return MinimumOfLanes(Vector128.MinNative(half.GetLower(), half.GetUpper()));
        }

        var minimum = float.PositiveInfinity;
        for (var j = 0; j < scores.Length; j++)
        {
            if (j != except && scores[j] < minimum)
            {
                minimum = scores[j];
            }
        }

        return minimum;
    }

    /// <summary>The lowest-index minimum of a row's scores, confirmed or re-decided exactly (see remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row on the AVX2 and scalar paths: optimized from the first pass, not after tiering
    private static int Decide(ReadOnlySpan<float> row, ReadOnlySpan<float> scores, PackedCenters centers, out float distance)
    {
        var minimum = Minimum(scores);
        var best = FirstEqual(scores, minimum);
        distance = SquaredDistance(row, centers.Center(best));
        var tau = new ErrorBound(centers).Tau(distance);
        if (CountAtMost(scores, minimum + tau) > 1)
        {
            best = ExactNearest(row, scores, minimum + tau, centers);
            distance = SquaredDistance(row, centers.Center(best));
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row on the AVX2 and scalar paths: optimized from the first pass, not after tiering
    private static float Minimum(ReadOnlySpan<float> scores)
    {
        ref var s = ref MemoryMarshal.GetReference(scores);
        var n = scores.Length;
        var i = 0;
        var minimum = float.PositiveInfinity;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var m = Vector512.LoadUnsafe(ref s);
            for (i = 16; i <= n - 16; i += 16)
            {
                m = Vector512.MinNative(m, Vector512.LoadUnsafe(ref s, (nuint)i));
            }

            var m256 = Vector256.MinNative(m.GetLower(), m.GetUpper());
            minimum = MinimumOfLanes(Vector128.MinNative(m256.GetLower(), m256.GetUpper()));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var m = Vector256.LoadUnsafe(ref s);
            for (i = 8; i <= n - 8; i += 8)
            {
                m = Vector256.MinNative(m, Vector256.LoadUnsafe(ref s, (nuint)i));
            }

            minimum = MinimumOfLanes(Vector128.MinNative(m.GetLower(), m.GetUpper()));
        }

        for (; i < n; i++)
        {
            minimum = Math.Min(minimum, Unsafe.Add(ref s, i));
        }

        return minimum;
    }

    /// <summary>The minimum of 4 lanes, where the AVX-512 and the AVX2 trees both end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MinimumOfLanes(Vector128<float> m128)
    {
        m128 = Vector128.MinNative(m128, Vector128.Shuffle(m128, Vector128.Create(2, 3, 0, 1)));
        m128 = Vector128.MinNative(m128, Vector128.Shuffle(m128, Vector128.Create(1, 0, 3, 2)));
        return m128.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row on the AVX2 and scalar paths: optimized from the first pass, not after tiering
    private static int FirstEqual(ReadOnlySpan<float> scores, float value)
    {
        ref var s = ref MemoryMarshal.GetReference(scores);
        var n = scores.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.Create(value);
            for (; i <= n - 16; i += 16)
            {
                var mask = Vector512.Equals(Vector512.LoadUnsafe(ref s, (nuint)i), v).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(value);
            for (; i <= n - 8; i += 8)
            {
                var mask = Vector256.Equals(Vector256.LoadUnsafe(ref s, (nuint)i), v).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        for (; i < n; i++)
        {
            if (Unsafe.Add(ref s, i) == value)
            {
                return i;
            }
        }

        return 0; // unreachable for finite rows: the minimum is one of the scores
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row on the AVX2 and scalar paths: optimized from the first pass, not after tiering
    private static int CountAtMost(ReadOnlySpan<float> scores, float limit)
    {
        ref var s = ref MemoryMarshal.GetReference(scores);
        var n = scores.Length;
        var i = 0;
        var count = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.Create(limit);
            for (; i <= n - 16; i += 16)
            {
                count += BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.LoadUnsafe(ref s, (nuint)i), v).ExtractMostSignificantBits());
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(limit);
            for (; i <= n - 8; i += 8)
            {
                count += BitOperations.PopCount(Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref s, (nuint)i), v).ExtractMostSignificantBits());
            }
        }

        for (; i < n; i++)
        {
            count += Unsafe.Add(ref s, i) <= limit ? 1 : 0;
        }

        return count;
    }

    /// <summary>Among the centers whose score is at most <paramref name="limit"/>, the nearest by exact distance in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row on the AVX2 and scalar paths: optimized from the first pass, not after tiering
    private static int ExactNearest(ReadOnlySpan<float> row, ReadOnlySpan<float> scores, float limit, PackedCenters centers)
    {
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var j = 0; j < centers.Count; j++)
        {
            if (!(scores[j] <= limit))
            {
                continue;
            }

            var distance = DistanceKernels.ExactSquaredDistance(row, centers.Center(j));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = j;
            }
        }

        return best;
    }

    /// <summary>
    /// Scores of a full tile of 16 rows against panel <paramref name="panel"/> of 16 centers: 16 accumulators in zmm
    /// registers, twice latency × ports' worth of independent FMA chains, so the loop runs at the FMA throughput. The
    /// rows are addressed as 4 row pointers (rows 0, 4, 8, 12) plus 4 running offsets (f, f + d, f + 2d, f + 3d): 16
    /// row pointers do not fit x64's general registers, and with them the JIT reloaded 8 from the stack at every
    /// feature (9 loads beside the 16 multiply-adds and their 17 operand loads; 5–8% of a tile's time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(ref float x, int d, PackedCenters centers, int panel, ref float scores, int stride)
    {
        ref var x0 = ref x;
        ref var x4 = ref Unsafe.Add(ref x, 4 * d);
        ref var x8 = ref Unsafe.Add(ref x, 8 * d);
        ref var x12 = ref Unsafe.Add(ref x, 12 * d);
        ref var c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(centers.Panel), panel * d * 16);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        nint f1 = d, f2 = 2 * d, f3 = 3 * d;
        for (nint f = 0; f < d; f++, f1++, f2++, f3++)
        {
            var cf = Vector512.LoadUnsafe(ref c);
            c = ref Unsafe.Add(ref c, 16);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x0, f)), cf, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x0, f1)), cf, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x0, f2)), cf, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x0, f3)), cf, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x4, f)), cf, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x4, f1)), cf, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x4, f2)), cf, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x4, f3)), cf, a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x8, f)), cf, a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x8, f1)), cf, a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x8, f2)), cf, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x8, f3)), cf, a11);
            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x12, f)), cf, a12);
            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x12, f1)), cf, a13);
            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x12, f2)), cf, a14);
            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x12, f3)), cf, a15);
        }

        var norms = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(centers.Norms), (nuint)(panel * 16));
        var minusTwo = Vector512.Create(-2f);
        Vector512.FusedMultiplyAdd(a0, minusTwo, norms).StoreUnsafe(ref scores);
        Vector512.FusedMultiplyAdd(a1, minusTwo, norms).StoreUnsafe(ref scores, (nuint)stride);
        Vector512.FusedMultiplyAdd(a2, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(2 * stride));
        Vector512.FusedMultiplyAdd(a3, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(3 * stride));
        Vector512.FusedMultiplyAdd(a4, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(4 * stride));
        Vector512.FusedMultiplyAdd(a5, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(5 * stride));
        Vector512.FusedMultiplyAdd(a6, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(6 * stride));
        Vector512.FusedMultiplyAdd(a7, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(7 * stride));
        Vector512.FusedMultiplyAdd(a8, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(8 * stride));
        Vector512.FusedMultiplyAdd(a9, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(9 * stride));
        Vector512.FusedMultiplyAdd(a10, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(10 * stride));
        Vector512.FusedMultiplyAdd(a11, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(11 * stride));
        Vector512.FusedMultiplyAdd(a12, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(12 * stride));
        Vector512.FusedMultiplyAdd(a13, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(13 * stride));
        Vector512.FusedMultiplyAdd(a14, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(14 * stride));
        Vector512.FusedMultiplyAdd(a15, minusTwo, norms).StoreUnsafe(ref scores, (nuint)(15 * stride));
    }

    /// <summary>
    /// k ≤ 16 on AVX-512, a full tile of 8 rows: each row's 16 scores are one vector. The 8 minima come from one
    /// transpose-and-reduce tree over the 8 vectors (23 operations, not 8 shuffle trees), each row's winner is the
    /// first lane equal to its minimum, the 8 winners' squared distances come from the same tree with adds, and one
    /// compare per row finds the lanes within τ of the minimum. A row with another center within τ is decided
    /// again exactly (<see cref="Redecide"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FinishTile512(ref float scores, ref float rows, PackedCenters centers, ref int nearest, ref float squaredDistances, float[] scratch)
    {
        var d = centers.Dimension;
        var s0 = Vector512.LoadUnsafe(ref scores);
        var s1 = Vector512.LoadUnsafe(ref scores, 16);
        var s2 = Vector512.LoadUnsafe(ref scores, 32);
        var s3 = Vector512.LoadUnsafe(ref scores, 48);
        var s4 = Vector512.LoadUnsafe(ref scores, 64);
        var s5 = Vector512.LoadUnsafe(ref scores, 80);
        var s6 = Vector512.LoadUnsafe(ref scores, 96);
        var s7 = Vector512.LoadUnsafe(ref scores, 112);
        var minima = Reduce8<MinOperator>(s0, s1, s2, s3, s4, s5, s6, s7);
        var b0 = FirstEqual(s0, minima, 0);
        var b1 = FirstEqual(s1, minima, 1);
        var b2 = FirstEqual(s2, minima, 2);
        var b3 = FirstEqual(s3, minima, 3);
        var b4 = FirstEqual(s4, minima, 4);
        var b5 = FirstEqual(s5, minima, 5);
        var b6 = FirstEqual(s6, minima, 6);
        var b7 = FirstEqual(s7, minima, 7);
        ref var c = ref MemoryMarshal.GetArrayDataReference(centers.Centers);
        var distances = Reduce8<AddOperator>(
            SquaredDifferences(ref rows, ref Unsafe.Add(ref c, b0 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, d), ref Unsafe.Add(ref c, b1 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, 2 * d), ref Unsafe.Add(ref c, b2 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, 3 * d), ref Unsafe.Add(ref c, b3 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, 4 * d), ref Unsafe.Add(ref c, b4 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, 5 * d), ref Unsafe.Add(ref c, b5 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, 6 * d), ref Unsafe.Add(ref c, b6 * d), d),
            SquaredDifferences(ref Unsafe.Add(ref rows, 7 * d), ref Unsafe.Add(ref c, b7 * d), d));
        var bound = new ErrorBound(centers);
        var limits = minima + bound.Tau(distances);
        Vector512.Shuffle(distances, Vector512.Create(0, 4, 8, 12, 2, 6, 10, 14, 0, 0, 0, 0, 0, 0, 0, 0)).GetLower().StoreUnsafe(ref squaredDistances);
        nearest = b0;
        Unsafe.Add(ref nearest, 1) = b1;
        Unsafe.Add(ref nearest, 2) = b2;
        Unsafe.Add(ref nearest, 3) = b3;
        Unsafe.Add(ref nearest, 4) = b4;
        Unsafe.Add(ref nearest, 5) = b5;
        Unsafe.Add(ref nearest, 6) = b6;
        Unsafe.Add(ref nearest, 7) = b7;
        var unique = Unique(s0, limits, 0, b0) & Unique(s1, limits, 1, b1) & Unique(s2, limits, 2, b2) & Unique(s3, limits, 3, b3)
            & Unique(s4, limits, 4, b4) & Unique(s5, limits, 5, b5) & Unique(s6, limits, 6, b6) & Unique(s7, limits, 7, b7);
        if (!unique)
        {
            RedecideTile(ref scores, ref rows, centers, limits, ref nearest, ref squaredDistances, scratch);
        }
    }

    /// <summary>The lane of the 8-row reduction that holds row r: rows 0–3 at lanes 0, 4, 8, 12; rows 4–7 at 2, 6, 10, 14.</summary>
    private static int LaneOf(int row) => row < 4 ? 4 * row : (4 * (row - 4)) + 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstEqual(Vector512<float> scores, Vector512<float> minima, int row) =>
        BitOperations.TrailingZeroCount(Vector512.Equals(scores, Vector512.Shuffle(minima, Vector512.Create(LaneOf(row)))).ExtractMostSignificantBits());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Unique(Vector512<float> scores, Vector512<float> limits, int row, int best) =>
        Vector512.LessThanOrEqual(scores, Vector512.Shuffle(limits, Vector512.Create(LaneOf(row)))).ExtractMostSignificantBits() == (1UL << best);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // hundreds of tiles a pass: not left to tiering
    private static void RedecideTile(ref float scores, ref float rows, PackedCenters centers, Vector512<float> limits, ref int nearest, ref float squaredDistances, float[] scratch)
    {
        var d = centers.Dimension;
        for (var r = 0; r < 8; r++)
        {
            var s = Vector512.LoadUnsafe(ref scores, (nuint)(r * 16));
            var limit = limits.GetElement(LaneOf(r));
            if (Vector512.LessThanOrEqual(s, Vector512.Create(limit)).ExtractMostSignificantBits() != (1UL << Unsafe.Add(ref nearest, r)))
            {
                Unsafe.Add(ref nearest, r) = Redecide(s, limit, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref rows, r * d), d), centers, scratch, out var squared);
                Unsafe.Add(ref squaredDistances, r) = squared;
            }
        }
    }

    /// <summary>The lanes of Σ (a − b)² over n floats, the scalar tail folded into lane 0; summed across lanes by <see cref="Reduce8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SquaredDifferences(ref float a, ref float b, int n)
    {
        var acc = Vector512<float>.Zero;
        var i = 0;
        for (; i <= n - 16; i += 16)
        {
            var diff = Vector512.LoadUnsafe(ref a, (nuint)i) - Vector512.LoadUnsafe(ref b, (nuint)i);
            acc = Vector512.FusedMultiplyAdd(diff, diff, acc);
        }

        if (i < n)
        {
            var tail = 0f;
            for (; i < n; i++)
            {
                var diff = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
                tail = MathF.FusedMultiplyAdd(diff, diff, tail);
            }

            acc += Vector512.CreateScalar(tail);
        }

        return acc;
    }

    /// <summary>One row's lanes summed in the order <see cref="Reduce8"/> sums each of its rows: halves, quarters, then ((0 + 1) + (2 + 3)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumOfLanes(Vector512<float> lanes)
    {
        var halves = lanes.GetLower() + lanes.GetUpper();
        var quarters = halves.GetLower() + halves.GetUpper();
        return (quarters.GetElement(0) + quarters.GetElement(1)) + (quarters.GetElement(2) + quarters.GetElement(3));
    }

    /// <summary>
    /// Reduces 8 vectors of 16 lanes to 8 values by one transpose-and-reduce tree: 256-bit halves of row pairs,
    /// then 128-bit quarters of row quadruples, then lanes within 128 bits. Row r lands in lane <see cref="LaneOf"/>(r).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reduce8<TOperator>(
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
        where TOperator : struct, IReduceOperator
    {
        var t01 = Halves<TOperator>(v0, v1);
        var t23 = Halves<TOperator>(v2, v3);
        var t45 = Halves<TOperator>(v4, v5);
        var t67 = Halves<TOperator>(v6, v7);
        var u0123 = TOperator.Apply(Avx512F.Shuffle4x128(t01, t23, 0x88), Avx512F.Shuffle4x128(t01, t23, 0xDD));
        var u4567 = TOperator.Apply(Avx512F.Shuffle4x128(t45, t67, 0x88), Avx512F.Shuffle4x128(t45, t67, 0xDD));
        var w = TOperator.Apply(Avx512F.Shuffle(u0123, u4567, 0x88), Avx512F.Shuffle(u0123, u4567, 0xDD));
        return TOperator.Apply(w, Avx512F.Permute4x32(w, 0xB1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves<TOperator>(Vector512<float> a, Vector512<float> b)
        where TOperator : struct, IReduceOperator =>
        TOperator.Apply(Avx512F.Shuffle4x128(a, b, 0x44), Avx512F.Shuffle4x128(a, b, 0xEE));

    private interface IReduceOperator
    {
        static abstract Vector512<float> Apply(Vector512<float> a, Vector512<float> b);

        static abstract Vector256<float> Apply(Vector256<float> a, Vector256<float> b);
    }

    private readonly struct MinOperator : IReduceOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.MinNative(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => Vector256.MinNative(a, b);
    }

    private readonly struct AddOperator : IReduceOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Redecide(Vector512<float> scores, float limit, ReadOnlySpan<float> row, PackedCenters centers, float[] scratch, out float squared)
    {
        var temporary = scratch.AsSpan(scratch.Length - 16, 16); // past the tile's scores
        scores.CopyTo(temporary);
        var best = ExactNearest(row, temporary, limit, centers);
        squared = SquaredDistance(row, centers.Center(best));
        return best;
    }

    /// <summary>τ as a function of the winner's squared distance: τ = 4·(d + 2)·u·(2·dist + 8·max‖c‖²).</summary>
    private readonly struct ErrorBound(PackedCenters centers)
    {
        private readonly float _scale = 4f * (centers.Dimension + 2) * UnitRoundoff;
        private readonly float _offset = 8f * centers.MaxSquaredNorm;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Tau(float squaredDistance) => _scale * ((2f * squaredDistance) + _offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Tau(Vector512<float> squaredDistances) =>
            Vector512.Create(_scale) * ((Vector512.Create(2f) * squaredDistances) + Vector512.Create(_offset));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Tau(Vector256<float> squaredDistances) =>
            Vector256.Create(_scale) * ((Vector256.Create(2f) * squaredDistances) + Vector256.Create(_offset));
    }

    /// <summary>The scalar path: one center per panel, the same fused multiply-add chain per score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per tile on the scalar path: optimized from the first pass, not after tiering
    private static void TileScalar(ref float x, int d, int tile, PackedCenters centers, int panel, ref float scores, int stride)
    {
        var c = centers.Panel.AsSpan(panel * d, d);
        var norm = centers.Norms[panel];
        for (var r = 0; r < tile; r++)
        {
            ref var row = ref Unsafe.Add(ref x, r * d);
            var dot = 0f;
            for (var f = 0; f < d; f++)
            {
                dot = MathF.FusedMultiplyAdd(Unsafe.Add(ref row, f), c[f], dot);
            }

            Unsafe.Add(ref scores, r * stride) = MathF.FusedMultiplyAdd(dot, -2f, norm);
        }
    }
}
