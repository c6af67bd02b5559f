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
