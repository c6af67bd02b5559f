using System.Runtime.CompilerServices;

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
