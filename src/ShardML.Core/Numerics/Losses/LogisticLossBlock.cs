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
/// per-row values. They may differ in the last bits from <see cref="LogisticLoss"/> and between 512-bit, 256-bit and
/// scalar hardware. NaN propagates. Cost: one exponential and one logarithm per element, 8 (or 4) at a time.
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
            var e = Math.Exp(-Math.Abs(m));
            Unsafe.Add(ref v, i) = Math.Max(-m, 0) + Math.Log(1 + e);
            Unsafe.Add(ref r, i) = -Unsafe.Add(ref y, i) * (m >= 0 ? e : 1) / (1 + e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Value, Vector512<double> Derivative) Evaluate512(Vector512<double> y, Vector512<double> z)
    {
        var m = y * z;
        var e = Vector512.Exp(-Vector512.Abs(m));
        var onePlus = Vector512<double>.One + e;
        var value = Vector512.Max(-m, Vector512<double>.Zero) + Vector512.Log(onePlus);
        var numerator = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(m, Vector512<double>.Zero), e, Vector512<double>.One);
        return (value, -y * numerator / onePlus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Value, Vector256<double> Derivative) Evaluate256(Vector256<double> y, Vector256<double> z)
    {
        var m = y * z;
        var e = Vector256.Exp(-Vector256.Abs(m));
        var onePlus = Vector256<double>.One + e;
        var value = Vector256.Max(-m, Vector256<double>.Zero) + Vector256.Log(onePlus);
        var numerator = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(m, Vector256<double>.Zero), e, Vector256<double>.One);
        return (value, -y * numerator / onePlus);
    }
}
