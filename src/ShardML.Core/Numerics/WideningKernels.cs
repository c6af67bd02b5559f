using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Core.Numerics;

/// <summary>
/// Kernels that read <c>float</c> data and accumulate in <c>double</c>: the data stays compact in memory while
/// sums over millions of rows keep their precision. Each has Vector512, Vector256 and scalar paths; the result is
/// the same on every path for a given length because lanes are combined only elementwise (no horizontal sums).
/// </summary>
public static class WideningKernels
{
    /// <summary><c>accumulator[i] += scale × x[i]</c>, with <paramref name="x"/> widened to double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> accumulator, double scale, ReadOnlySpan<float> x)
    {
        if (accumulator.Length < x.Length)
        {
            throw new ArgumentException("accumulator is shorter than x", nameof(accumulator));
        }

        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        ref var src = ref MemoryMarshal.GetReference(x);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
                ref var a = ref Unsafe.Add(ref acc, i);
                Vector512.FusedMultiplyAdd(lower, s, Vector512.LoadUnsafe(ref a)).StoreUnsafe(ref a);
                ref var b = ref Unsafe.Add(ref acc, i + Vector512<double>.Count);
                Vector512.FusedMultiplyAdd(upper, s, Vector512.LoadUnsafe(ref b)).StoreUnsafe(ref b);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                ref var a = ref Unsafe.Add(ref acc, i);
                Vector256.FusedMultiplyAdd(lower, s, Vector256.LoadUnsafe(ref a)).StoreUnsafe(ref a);
                ref var b = ref Unsafe.Add(ref acc, i + Vector256<double>.Count);
                Vector256.FusedMultiplyAdd(upper, s, Vector256.LoadUnsafe(ref b)).StoreUnsafe(ref b);
            }
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref acc, i) = Math.FusedMultiplyAdd(Unsafe.Add(ref src, i), scale, Unsafe.Add(ref acc, i));
        }
    }

    /// <summary>
    /// <c>accumulator[i] += s0 × x0[i]</c>, then s1 × x1[i], s2 × x2[i], s3 × x3[i]: four <see cref="AddScaled"/> calls in
    /// one pass, the same bits (each element takes the four fused multiply-adds in that order), with the accumulator
    /// loaded and stored once instead of four times — a pass adding many short rows otherwise waits on each row's
    /// stores. The rows must be as long as one another and no longer than the accumulator.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled4(
        Span<double> accumulator, double s0, ReadOnlySpan<float> x0, double s1, ReadOnlySpan<float> x1, double s2, ReadOnlySpan<float> x2, double s3, ReadOnlySpan<float> x3)
    {
        var n = x0.Length;
        if (x1.Length != n || x2.Length != n || x3.Length != n || accumulator.Length < n)
        {
            throw new ArgumentException("the four rows must have one length, no longer than the accumulator");
        }

        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        ref var a0 = ref MemoryMarshal.GetReference(x0);
        ref var a1 = ref MemoryMarshal.GetReference(x1);
        ref var a2 = ref MemoryMarshal.GetReference(x2);
        ref var a3 = ref MemoryMarshal.GetReference(x3);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (v0, v1, v2, v3) = (Vector512.Create(s0), Vector512.Create(s1), Vector512.Create(s2), Vector512.Create(s3));
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (l0, u0) = Vector512.Widen(Vector512.LoadUnsafe(ref a0, (nuint)i));
                var (l1, u1) = Vector512.Widen(Vector512.LoadUnsafe(ref a1, (nuint)i));
                var (l2, u2) = Vector512.Widen(Vector512.LoadUnsafe(ref a2, (nuint)i));
                var (l3, u3) = Vector512.Widen(Vector512.LoadUnsafe(ref a3, (nuint)i));
                ref var lower = ref Unsafe.Add(ref acc, i);
                ref var upper = ref Unsafe.Add(ref acc, i + Vector512<double>.Count);
                var sum = Vector512.FusedMultiplyAdd(l0, v0, Vector512.LoadUnsafe(ref lower));
                sum = Vector512.FusedMultiplyAdd(l1, v1, sum);
                sum = Vector512.FusedMultiplyAdd(l2, v2, sum);
                Vector512.FusedMultiplyAdd(l3, v3, sum).StoreUnsafe(ref lower);
                sum = Vector512.FusedMultiplyAdd(u0, v0, Vector512.LoadUnsafe(ref upper));
                sum = Vector512.FusedMultiplyAdd(u1, v1, sum);
                sum = Vector512.FusedMultiplyAdd(u2, v2, sum);
                Vector512.FusedMultiplyAdd(u3, v3, sum).StoreUnsafe(ref upper);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var (v0, v1, v2, v3) = (Vector256.Create(s0), Vector256.Create(s1), Vector256.Create(s2), Vector256.Create(s3));
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (l0, u0) = Vector256.Widen(Vector256.LoadUnsafe(ref a0, (nuint)i));
                var (l1, u1) = Vector256.Widen(Vector256.LoadUnsafe(ref a1, (nuint)i));
                var (l2, u2) = Vector256.Widen(Vector256.LoadUnsafe(ref a2, (nuint)i));
                var (l3, u3) = Vector256.Widen(Vector256.LoadUnsafe(ref a3, (nuint)i));
                ref var lower = ref Unsafe.Add(ref acc, i);
                ref var upper = ref Unsafe.Add(ref acc, i + Vector256<double>.Count);
                var sum = Vector256.FusedMultiplyAdd(l0, v0, Vector256.LoadUnsafe(ref lower));
                sum = Vector256.FusedMultiplyAdd(l1, v1, sum);
                sum = Vector256.FusedMultiplyAdd(l2, v2, sum);
                Vector256.FusedMultiplyAdd(l3, v3, sum).StoreUnsafe(ref lower);
                sum = Vector256.FusedMultiplyAdd(u0, v0, Vector256.LoadUnsafe(ref upper));
                sum = Vector256.FusedMultiplyAdd(u1, v1, sum);
                sum = Vector256.FusedMultiplyAdd(u2, v2, sum);
                Vector256.FusedMultiplyAdd(u3, v3, sum).StoreUnsafe(ref upper);
            }
        }

        for (; i < n; i++)
        {
            ref var a = ref Unsafe.Add(ref acc, i);
            var sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a0, i), s0, a);
            sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a1, i), s1, sum);
            sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a2, i), s2, sum);
            a = Math.FusedMultiplyAdd(Unsafe.Add(ref a3, i), s3, sum);
        }
    }

    /// <summary>‖x‖² = Σ x[i]² for float data, in double lanes (exact to double rounding, unlike <see cref="SumOfSquares"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredNorm(ReadOnlySpan<float> x)
    {
        ref var src = ref MemoryMarshal.GetReference(x);
        var i = 0;
        double total = 0;
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<float>.Count)
        {
            var acc0 = Vector512<double>.Zero;
            var acc1 = Vector512<double>.Zero;
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
                acc0 = Vector512.FusedMultiplyAdd(lower, lower, acc0);
                acc1 = Vector512.FusedMultiplyAdd(upper, upper, acc1);
            }

            total += Vector512.Sum(acc0 + acc1);
        }

        if (Vector256.IsHardwareAccelerated && x.Length - i >= Vector256<float>.Count)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                acc0 = Vector256.FusedMultiplyAdd(lower, lower, acc0);
                acc1 = Vector256.FusedMultiplyAdd(upper, upper, acc1);
            }

            total += Vector256.Sum(acc0 + acc1);
        }

        for (; i < x.Length; i++)
        {
            double value = Unsafe.Add(ref src, i);
            total = Math.FusedMultiplyAdd(value, value, total);
        }

        return total;
    }

    /// <summary>
    /// Σ x[i]·w[i] for float data and double weights, in double lanes: a residual computed this way has no float
    /// rounding noise, so a line search can compare losses that differ in the 7th digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> w)
    {
        if (w.Length < x.Length)
        {
            throw new ArgumentException("w is shorter than x", nameof(w));
        }

        ref var src = ref MemoryMarshal.GetReference(x);
        ref var weights = ref MemoryMarshal.GetReference(w);
        var i = 0;
        double total = 0;
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<float>.Count)
        {
            var acc0 = Vector512<double>.Zero;
            var acc1 = Vector512<double>.Zero;
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
                acc0 = Vector512.FusedMultiplyAdd(lower, Vector512.LoadUnsafe(ref weights, (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(upper, Vector512.LoadUnsafe(ref weights, (nuint)(i + Vector512<double>.Count)), acc1);
            }

            total += Vector512.Sum(acc0 + acc1);
        }

        if (Vector256.IsHardwareAccelerated && x.Length - i >= Vector256<float>.Count)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                acc0 = Vector256.FusedMultiplyAdd(lower, Vector256.LoadUnsafe(ref weights, (nuint)i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(upper, Vector256.LoadUnsafe(ref weights, (nuint)(i + Vector256<double>.Count)), acc1);
            }

            total += Vector256.Sum(acc0 + acc1);
        }

        for (; i < x.Length; i++)
        {
            total = Math.FusedMultiplyAdd(Unsafe.Add(ref src, i), Unsafe.Add(ref weights, i), total);
        }

        return total;
    }

    /// <summary>
    /// <c>accumulator[i] += scale × (x[i] − mean[i]) × factors[i]</c>, returning the change of accumulator·mean: a step
    /// along a row in standardized coordinates, (x − μ)/σ, taken on raw weights (factors = 1/σ²), with the running
    /// dot product against μ kept up to date in the same pass. One read of x; scalar for now.
    /// </summary>
    public static double AddScaledCentered(Span<double> accumulator, double scale, ReadOnlySpan<float> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> factors)
    {
        if (accumulator.Length < x.Length || factors.Length < x.Length || mean.Length < x.Length)
        {
            throw new ArgumentException("accumulator, mean or factors shorter than x", nameof(x));
        }

        double change = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var delta = scale * (x[i] - mean[i]) * factors[i];
            accumulator[i] += delta;
            change = Math.FusedMultiplyAdd(delta, mean[i], change);
        }

        return change;
    }

    /// <summary>Σ (x[i] − mean[i])² × factors[i], in double: a row's squared norm in standardized coordinates.</summary>
    public static double CenteredWeightedSumOfSquares(ReadOnlySpan<float> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> factors)
    {
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var centered = x[i] - mean[i];
            sum += centered * centered * factors[i];
        }

        return sum;
    }

    /// <summary>
    /// <c>accumulator[i] += (x[i] − mean[i])²</c>, with <paramref name="x"/> widened to double: a row's share of the
    /// features' sums of squared deviations. The difference, the square and the sum are rounded one at a time (no fused
    /// multiply-add), so every path gives the bits of the plain scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSquaredDeviations(Span<double> accumulator, ReadOnlySpan<float> x, ReadOnlySpan<double> mean)
    {
        if (accumulator.Length < x.Length || mean.Length < x.Length)
        {
            throw new ArgumentException("accumulator or mean shorter than x", nameof(x));
        }

        ref var acc = ref MemoryMarshal.GetReference(accumulator);
        ref var src = ref MemoryMarshal.GetReference(x);
        ref var center = ref MemoryMarshal.GetReference(mean);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
                var low = lower - Vector512.LoadUnsafe(ref center, (nuint)i);
                var high = upper - Vector512.LoadUnsafe(ref center, (nuint)(i + Vector512<double>.Count));
                ref var a = ref Unsafe.Add(ref acc, i);
                (Vector512.LoadUnsafe(ref a) + (low * low)).StoreUnsafe(ref a);
                ref var b = ref Unsafe.Add(ref acc, i + Vector512<double>.Count);
                (Vector512.LoadUnsafe(ref b) + (high * high)).StoreUnsafe(ref b);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                var low = lower - Vector256.LoadUnsafe(ref center, (nuint)i);
                var high = upper - Vector256.LoadUnsafe(ref center, (nuint)(i + Vector256<double>.Count));
                ref var a = ref Unsafe.Add(ref acc, i);
                (Vector256.LoadUnsafe(ref a) + (low * low)).StoreUnsafe(ref a);
                ref var b = ref Unsafe.Add(ref acc, i + Vector256<double>.Count);
                (Vector256.LoadUnsafe(ref b) + (high * high)).StoreUnsafe(ref b);
            }
        }

        for (; i < x.Length; i++)
        {
            var deviation = Unsafe.Add(ref src, i) - Unsafe.Add(ref center, i);
            Unsafe.Add(ref acc, i) += deviation * deviation;
        }
    }

    /// <summary><c>accumulator[i] += x[i]</c>, with <paramref name="x"/> widened to double.</summary>
    public static void Add(Span<double> accumulator, ReadOnlySpan<float> x) => AddScaled(accumulator, 1.0, x);

    /// <summary>
    /// The dot product of float vectors, summed in float lanes by <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// Short vectors (a row against a model) lose nothing that matters; long sums use the double kernels above.
    /// </summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => TensorPrimitives.Dot(x, y);

    /// <summary>Sum of squares of a float vector.</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x) => TensorPrimitives.SumOfSquares(x);
}
