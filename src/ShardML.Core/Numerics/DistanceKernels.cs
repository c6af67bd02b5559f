using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Core.Numerics;

/// <summary>Squared Euclidean distance between float vectors, summed in float lanes and returned as double.</summary>
public static class DistanceKernels
{
    /// <summary>Σ (x[i] − y[i])². Lanes hold partial sums; the horizontal sum happens once at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a loop called per row or per center, too few times a pass to tier up soon
    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("vectors differ in length", nameof(y));
        }

        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        var i = 0;
        double total = 0;
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<float>.Count)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var diff = Vector512.LoadUnsafe(ref a, (nuint)i) - Vector512.LoadUnsafe(ref b, (nuint)i);
                acc = Vector512.FusedMultiplyAdd(diff, diff, acc);
            }

            total += Vector512.Sum(acc);
        }

        if (Vector256.IsHardwareAccelerated && x.Length - i >= Vector256<float>.Count)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var diff = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                acc = Vector256.FusedMultiplyAdd(diff, diff, acc);
            }

            total += Vector256.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            var diff = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            total += diff * diff;
        }

        return total;
    }

    /// <summary>
    /// Σ (x[i] − y[i])² with every difference and square in double, in index order: no rounding beyond double's, for
    /// decisions and bounds that must hold exactly (ties, triangle-inequality bounds); d scalar steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // K-means' rounding-error re-decisions call it per row: at tier 0 it cost MNIST-like passes ~10%
    public static double ExactSquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("vectors differ in length", nameof(y));
        }

        double total = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var diff = (double)x[i] - y[i];
            total += diff * diff;
        }

        return total;
    }
}
