using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Core.Numerics.Losses;

/// <summary>
/// The logistic loss and its derivative for a block of rows at once, in vector lanes: what a full-gradient pass
/// spends most of its time on when rows are short, since the scalar <see cref="LogisticLoss"/> takes two exponentials
/// and a logarithm per row.
/// </summary>
/// <remarks>
/// <para>
/// Operation, per element with m = y z and e = exp(−|m|) (one exponential): ℓ = max(−m, 0) + log(1 + e), and
/// ∂ℓ/∂z = −y / (1 + e^m) = −y · (m ≥ 0 ? e : 1) / (1 + e). Neither overflows for any finite m.
/// </para>
/// <para>
/// Every element goes through the same vector code, a partial last vector included (it is padded), so an element's
/// results do not depend on where it sits in a block: a pass split into other blocks or partitions gets the same
/// per-row values. The exponential and log(1 + e) are this class's own (a Taylor polynomial after range reduction,
/// and 2 atanh(e / (2 + e)); within 1 and 2 ulp), inlined into the loop: the runtime's vector Exp and Log are calls
/// that tiered compilation first runs unoptimized, through a job's whole first pass, and log(1 + e) formed 1 + e,
/// losing e's digits for large margins. The 512-bit, 256-bit and scalar paths take the same operations, so they give
/// the same bits; they may differ in the last bits from <see cref="LogisticLoss"/>. NaN propagates. Cost: one
/// exponential and one logarithm per element, 8 (or 4) at a time.
/// </para>
/// </remarks>
public static class LogisticLossBlock
{
    /// <summary>Values and derivatives of ℓ(yᵢ, zᵢ) for targets y ∈ {−1, +1}; all spans of equal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Evaluate(ReadOnlySpan<double> targets, ReadOnlySpan<double> scores, Span<double> values, Span<double> derivatives)
    {
        var n = targets.Length;
        if (scores.Length != n || values.Length != n || derivatives.Length != n)
        {
            throw new ArgumentException("targets, scores, values and derivatives must have the same length");
        }

        ref var y = ref MemoryMarshal.GetReference(targets);
        ref var z = ref MemoryMarshal.GetReference(scores);
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var r = ref MemoryMarshal.GetReference(derivatives);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var (value, derivative) = Evaluate512(Vector512.LoadUnsafe(ref y, (nuint)i), Vector512.LoadUnsafe(ref z, (nuint)i));
                value.StoreUnsafe(ref v, (nuint)i);
                derivative.StoreUnsafe(ref r, (nuint)i);
            }

            if (i < n)
            {
                Span<double> pad = stackalloc double[32];
                pad.Clear();
                targets[i..].CopyTo(pad);
                scores[i..].CopyTo(pad[8..]);
                var (value, derivative) = Evaluate512(Vector512.Create<double>(pad[..8]), Vector512.Create<double>(pad.Slice(8, 8)));
                value.CopyTo(pad[16..]);
                derivative.CopyTo(pad[24..]);
                pad.Slice(16, n - i).CopyTo(values[i..]);
                pad.Slice(24, n - i).CopyTo(derivatives[i..]);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 4; i += 4)
            {
                var (value, derivative) = Evaluate256(Vector256.LoadUnsafe(ref y, (nuint)i), Vector256.LoadUnsafe(ref z, (nuint)i));
                value.StoreUnsafe(ref v, (nuint)i);
                derivative.StoreUnsafe(ref r, (nuint)i);
            }

            if (i < n)
            {
                Span<double> pad = stackalloc double[16];
                pad.Clear();
                targets[i..].CopyTo(pad);
                scores[i..].CopyTo(pad[4..]);
                var (value, derivative) = Evaluate256(Vector256.Create<double>(pad[..4]), Vector256.Create<double>(pad.Slice(4, 4)));
                value.CopyTo(pad[8..]);
                derivative.CopyTo(pad[12..]);
                pad.Slice(8, n - i).CopyTo(values[i..]);
                pad.Slice(12, n - i).CopyTo(derivatives[i..]);
            }

            return;
        }

        for (; i < n; i++)
        {
            var m = Unsafe.Add(ref y, i) * Unsafe.Add(ref z, i);
            var e = ExpNonPositive(-Math.Abs(m));
            Unsafe.Add(ref v, i) = Math.Max(-m, 0) + Log1p(e);
            Unsafe.Add(ref r, i) = -Unsafe.Add(ref y, i) * (m >= 0 ? e : 1) / (1 + e);
        }
    }

    /// <summary>
    /// The derivatives of ℓ(yᵢ, zᵢ) into <paramref name="derivatives"/>, the same bits as <see cref="Evaluate"/>, and the
    /// sums Σ ℓ and Σ ∂ℓ/∂z of the block: summed in vector lanes, the lanes folded at the end, then the elements of a
    /// partial last vector one by one — a fixed order for a given block, not the row order. For a pass that needs only
    /// the sums and the derivatives: a running scalar sum waits on each add (4 cycles a row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Loss, double Derivative) EvaluateSums(ReadOnlySpan<double> targets, ReadOnlySpan<double> scores, Span<double> derivatives)
    {
        var n = targets.Length;
        if (scores.Length != n || derivatives.Length != n)
        {
            throw new ArgumentException("targets, scores and derivatives must have the same length");
        }

        ref var y = ref MemoryMarshal.GetReference(targets);
        ref var z = ref MemoryMarshal.GetReference(scores);
        ref var r = ref MemoryMarshal.GetReference(derivatives);
        var i = 0;
        double loss = 0, derivative = 0;
        Span<double> tail = stackalloc double[Vector512<double>.Count];
        Span<double> tailDerivatives = stackalloc double[Vector512<double>.Count];
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> losses = default, sums = default;
            for (; i <= n - 8; i += 8)
            {
                var (value, slope) = Evaluate512(Vector512.LoadUnsafe(ref y, (nuint)i), Vector512.LoadUnsafe(ref z, (nuint)i));
                slope.StoreUnsafe(ref r, (nuint)i);
                losses += value;
                sums += slope;
            }

            (loss, derivative) = (Vector512.Sum(losses), Vector512.Sum(sums));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> losses = default, sums = default;
            for (; i <= n - 4; i += 4)
            {
                var (value, slope) = Evaluate256(Vector256.LoadUnsafe(ref y, (nuint)i), Vector256.LoadUnsafe(ref z, (nuint)i));
                slope.StoreUnsafe(ref r, (nuint)i);
                losses += value;
                sums += slope;
            }

            (loss, derivative) = (Vector256.Sum(losses), Vector256.Sum(sums));
        }

        // The partial last vector (or, without vectors, every element 8 at a time) through Evaluate, so its elements
        // get Evaluate's bits.
        for (; i < n; i += tail.Length)
        {
            var rest = Math.Min(tail.Length, n - i);
            Evaluate(targets.Slice(i, rest), scores.Slice(i, rest), tail[..rest], tailDerivatives[..rest]);
            for (var t = 0; t < rest; t++)
            {
                loss += tail[t];
                derivative += tailDerivatives[t];
            }

            tailDerivatives[..rest].CopyTo(derivatives[i..]);
        }

        return (loss, derivative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Value, Vector512<double> Derivative) Evaluate512(Vector512<double> y, Vector512<double> z)
    {
        var m = y * z;
        var e = ExpNonPositive(-Vector512.Abs(m));
        var onePlus = Vector512<double>.One + e;
        var value = Vector512.Max(-m, Vector512<double>.Zero) + Log1p(e);
        var numerator = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(m, Vector512<double>.Zero), e, Vector512<double>.One);
        return (value, -y * numerator / onePlus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Value, Vector256<double> Derivative) Evaluate256(Vector256<double> y, Vector256<double> z)
    {
        var m = y * z;
        var e = ExpNonPositive(-Vector256.Abs(m));
        var onePlus = Vector256<double>.One + e;
        var value = Vector256.Max(-m, Vector256<double>.Zero) + Log1p(e);
        var numerator = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(m, Vector256<double>.Zero), e, Vector256<double>.One);
        return (value, -y * numerator / onePlus);
    }

    // e^x = 2^n e^r with n = round(x / ln 2), r = x − n ln 2 (ln 2 split in two, fdlibm's, so n·LN2_HI is exact), |r| ≤ ln 2 / 2,
    // and e^r by its Taylor series to r¹³/13! (the next term is below 4·10⁻¹⁸).
    private const double InverseLn2 = 1.4426950408889634;
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;

    // Below this e^x is subnormal, and log(1 + e^x) and e^x / (1 + e^x) lose nothing measurable by taking it as 0.
    private const double ExpFloor = -708;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpNonPositive(Vector512<double> x)
    {
        var clamped = Vector512.Max(x, Vector512.Create(ExpFloor));
        var n = Vector512.Round(clamped * InverseLn2);
        var r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2High), clamped);
        r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Low), r);
        var p = Vector512.Create(1.0 / 6227020800);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 479001600));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 39916800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 3628800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 362880));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 40320));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt64(n) + Vector512.Create(1023L), 52).AsDouble();
        var e = p * scale;
        e = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpFloor)), Vector512<double>.Zero, e);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), e, x); // NaN stays NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpNonPositive(Vector256<double> x)
    {
        var clamped = Vector256.Max(x, Vector256.Create(ExpFloor));
        var n = Vector256.Round(clamped * InverseLn2);
        var r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2High), clamped);
        r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Low), r);
        var p = Vector256.Create(1.0 / 6227020800);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 479001600));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 39916800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 3628800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 362880));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 40320));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 5040));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt64(n) + Vector256.Create(1023L), 52).AsDouble();
        var e = p * scale;
        e = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpFloor)), Vector256<double>.Zero, e);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), e, x);
    }

    /// <summary>e^x for x ≤ 0 (or NaN): the vector paths' operations one element at a time, so every path gives the same bits.</summary>
    internal static double ExpNonPositive(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x < ExpFloor)
        {
            return 0;
        }

        var n = Math.Round(x * InverseLn2);
        var r = Math.FusedMultiplyAdd(-n, Ln2High, x);
        r = Math.FusedMultiplyAdd(-n, Ln2Low, r);
        var p = 1.0 / 6227020800;
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 479001600);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 39916800);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 3628800);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 362880);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 40320);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 5040);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 720);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 120);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 24);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 6);
        p = Math.FusedMultiplyAdd(p, r, 0.5);
        p = Math.FusedMultiplyAdd(p, r, 1);
        p = Math.FusedMultiplyAdd(p, r, 1);
        return p * BitConverter.Int64BitsToDouble(((long)n + 1023) << 52);
    }

    // Below this log(1 + e) rounds to e (e²/2 is under half an ulp of e), and the series returns e, but through s² and
    // its products, which are subnormal for e below ~10⁻¹⁵⁴ (margins |m| over ~354): each subnormal operand or result
    // costs a microcode assist on x64, where .NET runs without flush-to-zero, and such a block of 8 rows took 26 times
    // as long as any other (LogisticLossBlockBenchmarks). Such e are returned as they are: the series' bits wherever
    // e / 2 is normal, and below that the correctly rounded value where the series rounded s.
    private const double Log1pIdentityBelow = 1.0 / (1L << 60);

    // log(1 + e) for 0 ≤ e ≤ 1 as 2 atanh(s) with s = e / (2 + e) ≤ 1/3: 2s (1 + s²/3 + s⁴/5 + … + s³⁰/31), the next
    // term below 2⁻⁵⁵ of the sum. 1 + e is never formed, so a small e keeps its digits (log1p, not log(1 + e)).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Log1p(Vector512<double> e)
    {
        var original = e;
        var tiny = Vector512.LessThan(e, Vector512.Create(Log1pIdentityBelow));
        e = Vector512.Max(e, Vector512.Create(Log1pIdentityBelow));
        var s = e / (Vector512.Create(2.0) + e);
        var t = s * s;
        var q = Vector512.Create(1.0 / 31);
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 29));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 27));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 25));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 23));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 21));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 19));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 17));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 15));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 13));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 11));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 9));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 7));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 5));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512.Create(1.0 / 3));
        q = Vector512.FusedMultiplyAdd(q, t, Vector512<double>.One);
        return Vector512.ConditionalSelect(tiny, original, (s + s) * q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Log1p(Vector256<double> e)
    {
        var original = e;
        var tiny = Vector256.LessThan(e, Vector256.Create(Log1pIdentityBelow));
        e = Vector256.Max(e, Vector256.Create(Log1pIdentityBelow));
        var s = e / (Vector256.Create(2.0) + e);
        var t = s * s;
        var q = Vector256.Create(1.0 / 31);
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 29));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 27));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 25));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 23));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 21));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 19));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 17));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 15));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 13));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 11));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 9));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 7));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 5));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256.Create(1.0 / 3));
        q = Vector256.FusedMultiplyAdd(q, t, Vector256<double>.One);
        return Vector256.ConditionalSelect(tiny, original, (s + s) * q);
    }

    /// <summary>log(1 + e) for 0 ≤ e ≤ 1 (or NaN), as the vector paths compute it.</summary>
    internal static double Log1p(double e)
    {
        if (e < Log1pIdentityBelow)
        {
            return e;
        }

        var s = e / (2 + e);
        var t = s * s;
        var q = 1.0 / 31;
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 29);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 27);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 25);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 23);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 21);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 19);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 17);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 15);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 13);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 11);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 9);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 7);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 5);
        q = Math.FusedMultiplyAdd(q, t, 1.0 / 3);
        q = Math.FusedMultiplyAdd(q, t, 1);
        return (s + s) * q;
    }
}
