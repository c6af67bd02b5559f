using System.Runtime.CompilerServices;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Finds a row's nearest center. The argmin uses the expansion ‖x − c‖² = ‖x‖² − 2x·c + ‖c‖² (‖x‖² is the same
/// for every center, so it is dropped), one dot product per center; the winner's distance is then computed
/// directly, so inertia does not suffer the expansion's cancellation. Ties go to the lowest center index.
/// Cost per row: k·d multiply-adds for the search plus d for the distance.
/// </summary>
public static class NearestCenterKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first call, as SparseKernels
    public static int Nearest(ReadOnlySpan<float> row, CenterSet centers, out double squaredDistance)
    {
        var best = 0;
        var bestScore = float.PositiveInfinity;
        for (var j = 0; j < centers.Count; j++)
        {
            var score = centers.SquaredNorms[j] - (2f * WideningKernels.Dot(row, centers.Center(j)));
            if (score < bestScore)
            {
                bestScore = score;
                best = j;
            }
        }

        squaredDistance = DistanceKernels.SquaredDistance(row, centers.Center(best));
        return best;
    }

    /// <summary>The same for a sparse row; the distance is ‖x‖² + ‖c‖² − 2x·c in double, clamped at zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first call, as SparseKernels
    public static int Nearest(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, CenterSet centers, out double squaredDistance)
    {
        var best = 0;
        var bestScore = double.PositiveInfinity;
        for (var j = 0; j < centers.Count; j++)
        {
            var score = centers.SquaredNorms[j] - (2.0 * SparseKernels.Dot(indices, values, centers.Center(j)));
            if (score < bestScore)
            {
                bestScore = score;
                best = j;
            }
        }

        squaredDistance = Math.Max(0, SparseKernels.SumOfSquares(values) + bestScore);
        return best;
    }
}
