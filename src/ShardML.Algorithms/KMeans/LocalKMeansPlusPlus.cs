namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Reduces the k-means|| candidates to k centers on the driver: greedy weighted k-means++ seeding followed by weighted
/// Lloyd iterations, as Spark's LocalKMeans does. Candidates are few (about ℓ per round), so this is cheap.
/// Deterministic for a given seed.
/// </summary>
/// <remarks>
/// Greedy seeding is scikit-learn's (<c>_kmeans_plusplus</c>, after Arthur &amp; Vassilvitskii 2007, §5): each new
/// center is the best of 2 + ⌊ln k⌋ candidates drawn by D² sampling, the one leaving the lowest weighted potential.
/// Plain k-means++ (one draw) now and then puts two centers in one well-separated blob and none in another, and the
/// Lloyd iterations that follow cannot undo that; the best of a few draws almost never does.
/// </remarks>
internal static class LocalKMeansPlusPlus
{
    private const int LloydIterations = 30;

    public static float[][] Reduce(IReadOnlyList<float[]> points, long[] weights, int k, int seed)
    {
        var n = points.Count;
        var random = new Random(seed);
        var trials = 2 + (int)Math.Log(k);
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = weights[i];
        }

        var chosen = new List<int>(k) { PickWeighted(random, w, w.Sum()) };
        var closest = new double[n];
        for (var i = 0; i < n; i++)
        {
            closest[i] = SquaredDistance(points[i], points[chosen[0]]);
        }

        var scores = new double[n];
        var trial = new double[n];
        var best = new double[n];
        while (chosen.Count < k)
        {
            var potential = 0.0;
            for (var i = 0; i < n; i++)
            {
                scores[i] = w[i] * closest[i];
                potential += scores[i];
            }

            var bestPotential = double.PositiveInfinity;
            var bestCandidate = -1;
            for (var t = 0; t < trials; t++)
            {
                // Every row is a candidate's own center when the potential is 0; any unchosen point will do.
                var candidate = potential > 0 ? PickWeighted(random, scores, potential) : random.Next(n);
                var candidatePotential = 0.0;
                for (var i = 0; i < n; i++)
                {
                    trial[i] = Math.Min(closest[i], SquaredDistance(points[i], points[candidate]));
                    candidatePotential += w[i] * trial[i];
                }

                if (bestCandidate < 0 || candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestCandidate = candidate;
                    (best, trial) = (trial, best);
                }
            }

            chosen.Add(bestCandidate);
            (closest, best) = (best, closest);
        }

        var result = chosen.Select(c => (float[])points[c].Clone()).ToArray();
        Lloyd(points, weights, result);
        return result;
    }

    /// <summary>Weighted Lloyd iterations on the candidates, in place; a center with no weight stays where it is.</summary>
    private static void Lloyd(IReadOnlyList<float[]> points, long[] weights, float[][] centers)
    {
        var k = centers.Length;
        var dimension = points[0].Length;
        for (var iteration = 0; iteration < LloydIterations; iteration++)
        {
            var sums = new double[k, dimension];
            var totals = new double[k];
            for (var i = 0; i < points.Count; i++)
            {
                var nearest = Nearest(points[i], centers);
                totals[nearest] += weights[i];
                for (var f = 0; f < dimension; f++)
                {
                    sums[nearest, f] += weights[i] * (double)points[i][f];
                }
            }

            var moved = false;
            for (var j = 0; j < k; j++)
            {
                if (totals[j] == 0)
                {
                    continue;
                }

                for (var f = 0; f < dimension; f++)
                {
                    var value = (float)(sums[j, f] / totals[j]);
                    moved |= value != centers[j][f];
                    centers[j][f] = value;
                }
            }

            if (!moved)
            {
                return;
            }
        }
    }

    /// <summary>An index drawn with probability proportional to its weight (the weights sum to <paramref name="total"/> &gt; 0).</summary>
    private static int PickWeighted(Random random, double[] weights, double total)
    {
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
