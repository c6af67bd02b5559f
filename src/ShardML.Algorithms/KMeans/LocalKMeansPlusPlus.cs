namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Reduces the k-means|| candidates to k centers on the driver: weighted k-means++ seeding (Arthur &amp; Vassilvitskii,
/// 2007) followed by weighted Lloyd iterations, as Spark's LocalKMeans does. Candidates are few (about ℓ per
/// round), so this is cheap. Deterministic for a given seed.
/// </summary>
internal static class LocalKMeansPlusPlus
{
    private const int LloydIterations = 30;

    public static float[][] Reduce(IReadOnlyList<float[]> points, long[] weights, int k, int seed)
    {
        var n = points.Count;
        var dimension = points[0].Length;
        var random = new Random(seed);
        var centers = new List<float[]> { points[PickWeighted(random, weights.Select(w => (double)w).ToArray())] };
        var closest = points.Select(p => SquaredDistance(p, centers[0])).ToArray();
        while (centers.Count < k)
        {
            var scores = new double[n];
            for (var i = 0; i < n; i++)
            {
                scores[i] = weights[i] * closest[i];
            }

            var pick = scores.Sum() > 0 ? PickWeighted(random, scores) : random.Next(n);
            centers.Add(points[pick]);
            for (var i = 0; i < n; i++)
            {
                closest[i] = Math.Min(closest[i], SquaredDistance(points[i], points[pick]));
            }
        }

        var result = centers.Select(c => (float[])c.Clone()).ToArray();
        for (var iteration = 0; iteration < LloydIterations; iteration++)
        {
            var sums = new double[k, dimension];
            var totals = new double[k];
            for (var i = 0; i < n; i++)
            {
                var best = Nearest(points[i], result);
                totals[best] += weights[i];
                for (var f = 0; f < dimension; f++)
                {
                    sums[best, f] += weights[i] * (double)points[i][f];
                }
            }

            var moved = false;
            for (var j = 0; j < k; j++)
            {
                if (totals[j] == 0)
                {
                    continue; // keep an unweighted center where it is
                }

                for (var f = 0; f < dimension; f++)
                {
                    var value = (float)(sums[j, f] / totals[j]);
                    moved |= value != result[j][f];
                    result[j][f] = value;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        return result;
    }

    private static int PickWeighted(Random random, double[] weights)
    {
        var total = weights.Sum();
        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (target < cumulative)
            {
                return i;
            }
        }

        return Array.FindLastIndex(weights, w => w > 0);
    }

    private static int Nearest(float[] point, float[][] centers)
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var j = 0; j < centers.Length; j++)
        {
            var d = SquaredDistance(point, centers[j]);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = j;
            }
        }

        return best;
    }

    private static double SquaredDistance(float[] a, float[] b) => Core.Numerics.DistanceKernels.SquaredDistance(a, b);
}
