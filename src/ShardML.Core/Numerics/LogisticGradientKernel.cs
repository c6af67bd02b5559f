using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Core.Numerics;

/// <summary>
/// The logistic loss and its gradient over a block of consecutive dense rows: the whole per-pass work of L-BFGS and
/// gradient descent on a binary or one-vs-rest output, fused so that the block is read from memory once.
/// </summary>
/// <remarks>
/// <para>
/// Operation: z_k = w·x_k + b (<see cref="WideningKernels.Dot(ReadOnlySpan{float}, ReadOnlySpan{double})"/>, so a
/// row's score has the same bits wherever the row sits), the losses and derivatives r_k of the whole block in vector
/// lanes with their sums Σ ℓ_k and Σ r_k (<see cref="LogisticLossBlock.EvaluateSums"/>), then G += Σ r_k x_k in row order.
/// </para>
/// <para>
/// The gradient is added a column tile at a time: 32 columns (four 512-bit registers, or 16 in four 256-bit ones)
/// are loaded once, every row of the block adds r_k x_k into them, and they are stored once. Adding row by row
/// instead (<see cref="WideningKernels.AddScaled4"/>: the gradient loaded and stored every 4 rows) spends more time on
/// the gradient's loads and stores than on the arithmetic when rows are short. Each gradient element still takes its
/// rows' fused multiply-adds one after another in row order, so the sums are the bits of the row-by-row loop. The
/// block (at most <see cref="MaximumBlockRows"/> rows, <see cref="BlockRows"/>) stays in L2 between the scores and
/// the gradient, so memory is read once.
/// </para>
/// <para>
/// Cost per row: 2·d multiply-adds and 2·d float→double conversions against 4·d bytes from memory, one exponential
/// and one logarithm (8 rows at a time). Nothing is allocated; the caller's scratch holds the block's scores, losses and
/// derivatives.
/// </para>
/// </remarks>
public static class LogisticGradientKernel
{
    /// <summary>The most rows one call takes: the length of the scratch spans a caller provides.</summary>
    public const int MaximumBlockRows = 256;

    // A block's rows stay in L2 (≥ 512 KB a core on current x64 parts) between its scores and its gradient tiles.
    private const int BlockBytes = 128 * 1024;

    /// <summary>
    /// Rows per block for rows of <paramref name="columns"/> floats: at most 128 KB of them, a power of two from 8 to
    /// <see cref="MaximumBlockRows"/>, so blocks cut from a partition's first row also cut every run of
    /// <see cref="MaximumBlockRows"/> rows (a caller sweeping in such runs meets the same blocks, and the same sums).
    /// </summary>
    public static int BlockRows(int columns)
    {
        var fit = BlockBytes / (sizeof(float) * Math.Max(1, columns));
        return Math.Clamp(fit <= 1 ? 1 : 1 << (31 - int.LeadingZeroCount(fit)), 8, MaximumBlockRows);
    }

    /// <summary>
    /// Adds the block's Σ r_k x_k to <paramref name="gradient"/> and Σ r_k, Σ ℓ_k to the two sums.
    /// <paramref name="rows"/>: row-major, <c>weights.Length</c> floats a row, <c>targets.Length</c> rows (±1 each, at most
    /// <see cref="MaximumBlockRows"/>). <paramref name="scores"/> and <paramref name="derivatives"/> are scratch at least
    /// as long as the targets; on return they hold the block's z_k and r_k. <paramref name="following"/> is what the
    /// caller will pass next, usually the rest of the partition: its start is prefetched while this block is scored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(
        ReadOnlySpan<float> rows,
        ReadOnlySpan<double> targets,
        ReadOnlySpan<double> weights,
        double intercept,
        Span<double> gradient,
        ref double derivativeSum,
        ref double lossSum,
        Span<double> scores,
        Span<double> derivatives,
        ReadOnlySpan<float> following = default)
    {
        var d = weights.Length;
        var n = targets.Length;
        if (n > MaximumBlockRows || rows.Length < n * d || gradient.Length < d || scores.Length < n || derivatives.Length < n)
        {
            throw new ArgumentException("a block has at most MaximumBlockRows rows, and rows, gradient and scratch must be as long as the targets and weights imply");
        }

        Scores(rows[..(n * d)], following, d, n, ref MemoryMarshal.GetReference(weights), intercept, ref MemoryMarshal.GetReference(scores));

        var (loss, derivative) = LogisticLossBlock.EvaluateSums(targets, scores[..n], derivatives[..n]);
        lossSum += loss;
        derivativeSum += derivative;
        AddRows(ref MemoryMarshal.GetReference(rows), d, n, ref MemoryMarshal.GetReference(derivatives), ref MemoryMarshal.GetReference(gradient));
    }

    /// <summary>
    /// z_k = w·x_k + b for the block's rows, 4 rows at a time: one vector of column sums a row (8 columns of 8, or 4 of
    /// 4, per multiply-add), so the 4 rows keep 4 independent chains in flight, then the 4 vectors folded into one
    /// vector of the 4 scores with no scalar sum per row. Every row takes the same operations in the same order — a
    /// lone row at the end folds its vector by the same tree, <see cref="Fold"/> — so a row's score has the same bits
    /// wherever it sits in a block or a partition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores(ReadOnlySpan<float> rows, ReadOnlySpan<float> following, int d, int n, ref double w, double intercept, ref double z)
    {
        // The scores are a block's first read of its rows, prefetched ahead into the next block: on the Intel guest a
        // 5·10⁶ × 40 pass took 87–92 ms without, 72–78 with.
        ref var x = ref MemoryMarshal.GetReference(rows);
        var k = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            var vectorEnd = d & ~7;
            for (; k <= n - 4; k += 4)
            {
                Prefetch.Ahead(rows, following, (k * d) + Prefetch.StreamAheadFloats, 4 * d);
                ref var x0 = ref Unsafe.Add(ref x, (nint)k * d);
                ref var x1 = ref Unsafe.Add(ref x0, d);
                ref var x2 = ref Unsafe.Add(ref x1, d);
                ref var x3 = ref Unsafe.Add(ref x2, d);
                Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var j = 0; j < vectorEnd; j += 8)
                {
                    var wj = Vector512.LoadUnsafe(ref w, (nuint)j);
                    a0 = Vector512.FusedMultiplyAdd(Widen512(ref x0, j), wj, a0);
                    a1 = Vector512.FusedMultiplyAdd(Widen512(ref x1, j), wj, a1);
                    a2 = Vector512.FusedMultiplyAdd(Widen512(ref x2, j), wj, a2);
                    a3 = Vector512.FusedMultiplyAdd(Widen512(ref x3, j), wj, a3);
                }

                Fold4(a0.GetLower() + a0.GetUpper(), a1.GetLower() + a1.GetUpper(), a2.GetLower() + a2.GetUpper(), a3.GetLower() + a3.GetUpper())
                    .StoreUnsafe(ref Unsafe.Add(ref z, k));
                Finish4(ref x0, d, vectorEnd, ref w, intercept, ref Unsafe.Add(ref z, k));
            }

            for (; k < n; k++)
            {
                ref var row = ref Unsafe.Add(ref x, (nint)k * d);
                Vector512<double> a = default;
                for (var j = 0; j < vectorEnd; j += 8)
                {
                    a = Vector512.FusedMultiplyAdd(Widen512(ref row, j), Vector512.LoadUnsafe(ref w, (nuint)j), a);
                }

                Unsafe.Add(ref z, k) = Finish(ref row, d, vectorEnd, ref w, intercept, Fold(a.GetLower() + a.GetUpper()));
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
        {
            var vectorEnd = d & ~3;
            for (; k <= n - 4; k += 4)
            {
                Prefetch.Ahead(rows, following, (k * d) + Prefetch.StreamAheadFloats, 4 * d);
                ref var x0 = ref Unsafe.Add(ref x, (nint)k * d);
                ref var x1 = ref Unsafe.Add(ref x0, d);
                ref var x2 = ref Unsafe.Add(ref x1, d);
                ref var x3 = ref Unsafe.Add(ref x2, d);
                Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var j = 0; j < vectorEnd; j += 4)
                {
                    var wj = Vector256.LoadUnsafe(ref w, (nuint)j);
                    a0 = Vector256.FusedMultiplyAdd(Widen256(ref x0, j), wj, a0);
                    a1 = Vector256.FusedMultiplyAdd(Widen256(ref x1, j), wj, a1);
                    a2 = Vector256.FusedMultiplyAdd(Widen256(ref x2, j), wj, a2);
                    a3 = Vector256.FusedMultiplyAdd(Widen256(ref x3, j), wj, a3);
                }

                Fold4(a0, a1, a2, a3).StoreUnsafe(ref Unsafe.Add(ref z, k));
                Finish4(ref x0, d, vectorEnd, ref w, intercept, ref Unsafe.Add(ref z, k));
            }

            for (; k < n; k++)
            {
                ref var row = ref Unsafe.Add(ref x, (nint)k * d);
                Vector256<double> a = default;
                for (var j = 0; j < vectorEnd; j += 4)
                {
                    a = Vector256.FusedMultiplyAdd(Widen256(ref row, j), Vector256.LoadUnsafe(ref w, (nuint)j), a);
                }

                Unsafe.Add(ref z, k) = Finish(ref row, d, vectorEnd, ref w, intercept, Fold(a));
            }

            return;
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref z, k) = Finish(ref Unsafe.Add(ref x, (nint)k * d), d, 0, ref w, intercept, 0);
        }
    }

    /// <summary>(v₀ + v₁) + (v₂ + v₃): how every row's 4 column sums become its score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fold(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    /// <summary>
    /// <see cref="Fold"/> of 4 rows' vectors at once: the pairs of each row added side by side (unpack low + high), then
    /// the two halves (128-bit lanes) of each row: lane t holds (v_t0 + v_t1) + (v_t2 + v_t3), the same sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fold4(Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3)
    {
        var p01 = Avx.UnpackLow(v0, v1) + Avx.UnpackHigh(v0, v1); // v0₀+v0₁, v1₀+v1₁, v0₂+v0₃, v1₂+v1₃
        var p23 = Avx.UnpackLow(v2, v3) + Avx.UnpackHigh(v2, v3);
        return Avx.Permute2x128(p01, p23, 0x20) + Avx.Permute2x128(p01, p23, 0x31);
    }

    /// <summary>The columns past the last whole vector, one fused multiply-add each, then the intercept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Finish(ref float row, int d, int from, ref double w, double intercept, double sum)
    {
        for (var j = from; j < d; j++)
        {
            sum = Math.FusedMultiplyAdd(Unsafe.Add(ref row, j), Unsafe.Add(ref w, j), sum);
        }

        return sum + intercept;
    }

    /// <summary><see cref="Finish"/> for the 4 rows from <paramref name="x0"/>, whose folded sums are in <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4(ref float x0, int d, int from, ref double w, double intercept, ref double z)
    {
        for (var t = 0; t < 4; t++)
        {
            ref var zt = ref Unsafe.Add(ref z, t);
            zt = Finish(ref Unsafe.Add(ref x0, (nint)t * d), d, from, ref w, intercept, zt);
        }
    }

    /// <summary>
    /// g_j += Σ_k r_k x_kj in row order, a tile of up to 8 vectors of columns at a time held in registers across the
    /// block's rows: the columns are cut into as few tiles as hold them, of nearly equal widths, so that every tile
    /// keeps several independent chains of multiply-adds in flight (a lone vector would wait on each add).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRows(ref float x, int d, int n, ref double r, ref double g)
    {
        var j = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            var vectors = d / 8;
            var tiles = (vectors + 7) / 8;
            for (var t = 0; t < tiles; t++)
            {
                var width = (vectors / tiles) + (t < vectors % tiles ? 1 : 0);
                AddTile512(ref Unsafe.Add(ref x, j), d, n, ref r, ref Unsafe.Add(ref g, j), width);
                j += 8 * width;
            }
        }
        else if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
        {
            var vectors = d / 4;
            var tiles = (vectors + 7) / 8;
            for (var t = 0; t < tiles; t++)
            {
                var width = (vectors / tiles) + (t < vectors % tiles ? 1 : 0);
                AddTile256(ref Unsafe.Add(ref x, j), d, n, ref r, ref Unsafe.Add(ref g, j), width);
                j += 4 * width;
            }
        }

        for (; j < d; j++)
        {
            var acc = Unsafe.Add(ref g, j);
            ref var row = ref Unsafe.Add(ref x, j);
            for (var k = 0; k < n; k++, row = ref Unsafe.Add(ref row, d))
            {
                acc = Math.FusedMultiplyAdd(row, Unsafe.Add(ref r, k), acc);
            }

            Unsafe.Add(ref g, j) = acc;
        }
    }

    /// <summary>One tile of <paramref name="width"/> (1 to 8) vectors of 8 columns; the width tests are the same for every row, so they predict.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTile512(ref float x, int d, int n, ref double r, ref double g, int width)
    {
        var a0 = Vector512.LoadUnsafe(ref g);
        var a1 = width > 1 ? Vector512.LoadUnsafe(ref g, 8) : default;
        var a2 = width > 2 ? Vector512.LoadUnsafe(ref g, 16) : default;
        var a3 = width > 3 ? Vector512.LoadUnsafe(ref g, 24) : default;
        var a4 = width > 4 ? Vector512.LoadUnsafe(ref g, 32) : default;
        var a5 = width > 5 ? Vector512.LoadUnsafe(ref g, 40) : default;
        var a6 = width > 6 ? Vector512.LoadUnsafe(ref g, 48) : default;
        var a7 = width > 7 ? Vector512.LoadUnsafe(ref g, 56) : default;
        ref var row = ref x;
        for (var k = 0; k < n; k++, row = ref Unsafe.Add(ref row, d))
        {
            var s = Vector512.Create(Unsafe.Add(ref r, k));
            a0 = Vector512.FusedMultiplyAdd(Widen512(ref row, 0), s, a0);
            if (width > 1)
            {
                a1 = Vector512.FusedMultiplyAdd(Widen512(ref row, 8), s, a1);
                if (width > 2)
                {
                    a2 = Vector512.FusedMultiplyAdd(Widen512(ref row, 16), s, a2);
                    if (width > 3)
                    {
                        a3 = Vector512.FusedMultiplyAdd(Widen512(ref row, 24), s, a3);
                        if (width > 4)
                        {
                            a4 = Vector512.FusedMultiplyAdd(Widen512(ref row, 32), s, a4);
                            if (width > 5)
                            {
                                a5 = Vector512.FusedMultiplyAdd(Widen512(ref row, 40), s, a5);
                                if (width > 6)
                                {
                                    a6 = Vector512.FusedMultiplyAdd(Widen512(ref row, 48), s, a6);
                                    if (width > 7)
                                    {
                                        a7 = Vector512.FusedMultiplyAdd(Widen512(ref row, 56), s, a7);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        a0.StoreUnsafe(ref g);
        if (width > 1) { a1.StoreUnsafe(ref g, 8); }
        if (width > 2) { a2.StoreUnsafe(ref g, 16); }
        if (width > 3) { a3.StoreUnsafe(ref g, 24); }
        if (width > 4) { a4.StoreUnsafe(ref g, 32); }
        if (width > 5) { a5.StoreUnsafe(ref g, 40); }
        if (width > 6) { a6.StoreUnsafe(ref g, 48); }
        if (width > 7) { a7.StoreUnsafe(ref g, 56); }
    }

    /// <summary>One tile of <paramref name="width"/> (1 to 8) vectors of 4 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTile256(ref float x, int d, int n, ref double r, ref double g, int width)
    {
        var a0 = Vector256.LoadUnsafe(ref g);
        var a1 = width > 1 ? Vector256.LoadUnsafe(ref g, 4) : default;
        var a2 = width > 2 ? Vector256.LoadUnsafe(ref g, 8) : default;
        var a3 = width > 3 ? Vector256.LoadUnsafe(ref g, 12) : default;
        var a4 = width > 4 ? Vector256.LoadUnsafe(ref g, 16) : default;
        var a5 = width > 5 ? Vector256.LoadUnsafe(ref g, 20) : default;
        var a6 = width > 6 ? Vector256.LoadUnsafe(ref g, 24) : default;
        var a7 = width > 7 ? Vector256.LoadUnsafe(ref g, 28) : default;
        ref var row = ref x;
        for (var k = 0; k < n; k++, row = ref Unsafe.Add(ref row, d))
        {
            var s = Vector256.Create(Unsafe.Add(ref r, k));
            a0 = Vector256.FusedMultiplyAdd(Widen256(ref row, 0), s, a0);
            if (width > 1)
            {
                a1 = Vector256.FusedMultiplyAdd(Widen256(ref row, 4), s, a1);
                if (width > 2)
                {
                    a2 = Vector256.FusedMultiplyAdd(Widen256(ref row, 8), s, a2);
                    if (width > 3)
                    {
                        a3 = Vector256.FusedMultiplyAdd(Widen256(ref row, 12), s, a3);
                        if (width > 4)
                        {
                            a4 = Vector256.FusedMultiplyAdd(Widen256(ref row, 16), s, a4);
                            if (width > 5)
                            {
                                a5 = Vector256.FusedMultiplyAdd(Widen256(ref row, 20), s, a5);
                                if (width > 6)
                                {
                                    a6 = Vector256.FusedMultiplyAdd(Widen256(ref row, 24), s, a6);
                                    if (width > 7)
                                    {
                                        a7 = Vector256.FusedMultiplyAdd(Widen256(ref row, 28), s, a7);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        a0.StoreUnsafe(ref g);
        if (width > 1) { a1.StoreUnsafe(ref g, 4); }
        if (width > 2) { a2.StoreUnsafe(ref g, 8); }
        if (width > 3) { a3.StoreUnsafe(ref g, 12); }
        if (width > 4) { a4.StoreUnsafe(ref g, 16); }
        if (width > 5) { a5.StoreUnsafe(ref g, 20); }
        if (width > 6) { a6.StoreUnsafe(ref g, 24); }
        if (width > 7) { a7.StoreUnsafe(ref g, 28); }
    }

    /// <summary>8 floats at x[j] as 8 doubles: one vcvtps2pd with its load folded in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Widen512(ref float x, int j) =>
        Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref x, (nuint)j));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen256(ref float x, int j) =>
        Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref x, (nuint)j));
}
