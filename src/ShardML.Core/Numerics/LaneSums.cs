using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShardML.Core.Numerics;

/// <summary>
/// The 32 running sums of the kernels whose double sums must have the same bits on every vector width
/// (<see cref="DoubleKernels.Dot"/>, <see cref="DistanceKernels.ExactSquaredDistance"/>): element j goes to lane
/// j mod 32, four zmm, eight ymm or 32 scalars, enough independent additions to hide their latency; the lanes are
/// then folded by halves in one fixed order.
/// </summary>
internal static class LaneSums
{
    public const int Count = 32;

    /// <summary>The lanes as four zmm registers hold them: s0 lanes 0–7, s1 8–15, s2 16–23, s3 24–31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double lanes, Vector512<double> s0, Vector512<double> s1, Vector512<double> s2, Vector512<double> s3)
    {
        s0.StoreUnsafe(ref lanes);
        s1.StoreUnsafe(ref lanes, 8);
        s2.StoreUnsafe(ref lanes, 16);
        s3.StoreUnsafe(ref lanes, 24);
    }

    /// <summary>The lanes as eight ymm registers hold them: s0 lanes 0–3, s1 4–7, …, s7 28–31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(
        ref double lanes,
        Vector256<double> s0,
        Vector256<double> s1,
        Vector256<double> s2,
        Vector256<double> s3,
        Vector256<double> s4,
        Vector256<double> s5,
        Vector256<double> s6,
        Vector256<double> s7)
    {
        s0.StoreUnsafe(ref lanes);
        s1.StoreUnsafe(ref lanes, 4);
        s2.StoreUnsafe(ref lanes, 8);
        s3.StoreUnsafe(ref lanes, 12);
        s4.StoreUnsafe(ref lanes, 16);
        s5.StoreUnsafe(ref lanes, 20);
        s6.StoreUnsafe(ref lanes, 24);
        s7.StoreUnsafe(ref lanes, 28);
    }

    /// <summary>
    /// Folds the first <paramref name="width"/> lanes (a power of two, at most <see cref="Count"/>) by halves: lane l
    /// plus lane l + width/2, then l + width/4, …; returns lane 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Fold(ref double lanes, int width)
    {
        for (var half = width / 2; half > 0; half /= 2)
        {
            for (var l = 0; l < half; l++)
            {
                Unsafe.Add(ref lanes, l) += Unsafe.Add(ref lanes, l + half);
            }
        }

        return lanes;
    }
}
