using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What the bounded passes (<see cref="BoundedLloydStep"/>, <see cref="YinyangStep"/>) compute alike from the centers
/// and the cluster sums: the centers' half-separations, the fastest drifts and the inertia without row distances.
/// </summary>
internal static class BoundTerms
{
    /// <summary>Below 1 by far more than a double square root's rounding: a lower bound rounded down.</summary>
    public const double LowerSlack = 1 - 1e-12;

    /// <summary>s(j) = ½ min over other centers of ‖c_j − c_i‖, rounded down; +∞ with one center (Elkan 2003, lemma 1).</summary>
    public static double[] HalfSeparations(float[] centers, int k, int d)
    {
        var half = new double[k];
        Array.Fill(half, double.PositiveInfinity);
        for (var j = 0; j < k; j++)
        {
            for (var i = j + 1; i < k; i++)
            {
                var squared = DistanceKernels.ExactSquaredDistance(centers.AsSpan(j * d, d), centers.AsSpan(i * d, d));
                var separation = Math.Sqrt(squared) / 2 * LowerSlack;
                half[j] = Math.Min(half[j], separation);
                half[i] = Math.Min(half[i], separation);
            }
        }

        return half;
    }

    /// <summary>The largest drift, which center moved it, and the largest drift of the others (0 without drift).</summary>
    public static (double Largest, int Fastest, double Second) Fastest(double[]? drift)
    {
        double largest = 0, second = 0;
        var fastest = -1;
        for (var j = 0; j < (drift?.Length ?? 0); j++)
        {
            if (drift![j] > largest)
            {
                second = largest;
                largest = drift[j];
                fastest = j;
            }
            else if (drift[j] > second)
            {
                second = drift[j];
            }
        }

        return (largest, fastest, second);
    }

    /// <summary>Σ‖x − c_a‖² = Σ‖x‖² − 2 Σ_j c_j·S_j + Σ_j n_j ‖c_j‖², in double, clamped at zero.</summary>
    public static double Inertia(float[] centers, int k, int d, double squaredNormSum, double[] sums, long[] counts)
    {
        var total = squaredNormSum;
        for (var j = 0; j < k; j++)
        {
            double dot = 0, norm = 0;
            for (var f = 0; f < d; f++)
            {
                double c = centers[(j * d) + f];
                dot += c * sums[(j * d) + f];
                norm += c * c;
            }

            total += (counts[j] * norm) - (2 * dot);
        }

        return Math.Max(0, total);
    }
}
