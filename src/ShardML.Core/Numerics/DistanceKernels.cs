using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Core.Numerics;

/// <summary>Squared Euclidean distance between float vectors, summed in float lanes and returned as double.</summary>
public static class DistanceKernels
{
    /// <summary>Running sums of <see cref="ExactSquaredDistance"/>: enough independent additions to hide their latency.</summary>
    public const int ExactLanes = LaneSums.Count;

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
    /// Σ (x[i] − y[i])² with every difference and square in double: no rounding beyond double's, for decisions and
    /// bounds that must hold exactly (ties, triangle-inequality bounds). The terms are summed in
    /// <see cref="ExactLanes"/> running sums, lane l taking i ≡ l (mod 32) in index order, then folded by halves
    /// (lane l + lane l + 16, then l + 8, …: <see cref="LaneSums"/>, as <see cref="DoubleKernels.Dot"/> sums), on every
    /// vector width and on the scalar path, so the result has the same bits everywhere. One running sum would be a
    /// chain of d dependent additions, ~4 cycles a feature: at d = 784, 2–3 µs for each K-means re-decision of a near
    /// tie, which took a sixth of MNIST-like passes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // K-means' rounding-error re-decisions call it per row: at tier 0 it cost MNIST-like passes ~10%
    public static double ExactSquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("vectors differ in length", nameof(y));
        }

        Span<double> lanes = stackalloc double[ExactLanes];
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        ref var lane = ref MemoryMarshal.GetReference(lanes);
        var whole = x.Length - (x.Length % ExactLanes);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s0 = Vector512<double>.Zero;
            var s1 = Vector512<double>.Zero;
            var s2 = Vector512<double>.Zero;
            var s3 = Vector512<double>.Zero;
            for (; i < whole; i += ExactLanes)
            {
                var (x0, x1) = Vector512.Widen(Vector512.LoadUnsafe(ref a, (nuint)i));
                var (x2, x3) = Vector512.Widen(Vector512.LoadUnsafe(ref a, (nuint)i + 16));
                var (y0, y1) = Vector512.Widen(Vector512.LoadUnsafe(ref b, (nuint)i));
                var (y2, y3) = Vector512.Widen(Vector512.LoadUnsafe(ref b, (nuint)i + 16));
                var d0 = x0 - y0;
                var d1 = x1 - y1;
                var d2 = x2 - y2;
                var d3 = x3 - y3;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }

            LaneSums.Store(ref lane, s0, s1, s2, s3);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            var s2 = Vector256<double>.Zero;
            var s3 = Vector256<double>.Zero;
            var s4 = Vector256<double>.Zero;
            var s5 = Vector256<double>.Zero;
            var s6 = Vector256<double>.Zero;
            var s7 = Vector256<double>.Zero;
            for (; i < whole; i += ExactLanes)
            {
                (s0, s1) = AddSquaredDifferences(ref a, ref b, i, s0, s1);
                (s2, s3) = AddSquaredDifferences(ref a, ref b, i + 8, s2, s3);
                (s4, s5) = AddSquaredDifferences(ref a, ref b, i + 16, s4, s5);
                (s6, s7) = AddSquaredDifferences(ref a, ref b, i + 24, s6, s7);
            }

            LaneSums.Store(ref lane, s0, s1, s2, s3, s4, s5, s6, s7);
        }
        else
        {
            lanes.Clear();
        }

        // The scalar path's whole blocks and every path's tail: each term into its own lane, the order a vector keeps.
        for (; i < x.Length; i++)
        {
            var diff = (double)Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            Unsafe.Add(ref lane, i % ExactLanes) += diff * diff;
        }

        // Lanes at and past d hold +0, which adds nothing to a sum of squares: a short vector folds only its own lanes.
        return LaneSums.Fold(ref lane, (int)Math.Min(ExactLanes, BitOperations.RoundUpToPowerOf2((uint)x.Length)));
    }

    /// <summary>Eight floats of each vector from <paramref name="i"/>, their squared differences added to two ymm of sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Lower, Vector256<double> Upper) AddSquaredDifferences(
        ref float a, ref float b, int i, Vector256<double> lower, Vector256<double> upper)
    {
        var (xLower, xUpper) = Vector256.Widen(Vector256.LoadUnsafe(ref a, (nuint)i));
        var (yLower, yUpper) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)i));
        var dLower = xLower - yLower;
        var dUpper = xUpper - yUpper;
        return (lower + (dLower * dLower), upper + (dUpper * dUpper));
    }
}
