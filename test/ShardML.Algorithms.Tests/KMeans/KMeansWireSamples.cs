using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class KMeansWireSamples : IWireSamples
{
    public IEnumerable<object> Samples()
    {
        float[] centers = [1.5f, -2, 3, 4.25f];
        yield return new LloydStep(centers, 2, 2, 3);
        yield return new BoundedLloydStep(centers, 2, 2, 3, "kmeans/job-7");
        yield return new YinyangStep(centers, 2, 2, 3, "kmeans/job-7/1", [0, 0]);
        yield return new LloydSummary([1.5, 2.5, -3.5, 4.5], [3, 4], 12.5, Farthest(3, (9.5, 41, [1f, 2f]), (4.5, 12, [-3f, 0.5f]))) { SearchedRows = 5 };
        yield return new ParallelSampleStep(centers, 2, 2, 123.5, 8, 42, 1);
        yield return new KMeansPredictStep(centers, 2, 2);
        yield return new ClusteringEvaluationStep(centers, 2, 2);
        yield return new ClusteringEvaluationSummary(12.5, 9, true, new Dictionary<long, long> { [(1L << 32) | 1] = 4, [0] = 5 }, ["Adelie", "Gentoo"]);
        yield return new PrivateLloydStep(centers, 2, [-1, -2], [1, 2]);
        yield return new PrivateClusterSums([1.5, -2.5, 3, 4], [7, 9]);
        yield return new MultiStartLloydStep([1.5f, -2, 3, 4.25f, 0.5f, 7, -1, 2], 2, 2, 2);
        yield return new MultiStartLloydSummary([1.5, 2.5, -3.5, 4.5, 1, 2, 3, 4], [3, 4, 5, 2], [12.5, 9.25]);
        yield return new KMeansJob(new KMeansOptions
        {
            NumberOfClusters = 3, MaximumIterations = 17, Tolerance = 1e-3, Seed = 9, Initialization = KMeansInitialization.Given,
            InitializationSteps = 3, OversamplingFactor = 1.5, InitialCenters = new List<float[]> { new[] { 1f, 2f }, new[] { 3f, 4f }, new[] { 5f, 6f } },
            Algorithm = KMeansAlgorithm.Bounded, UniformLowerBound = -2, UniformUpperBound = 5, InitializationCount = 4,
            Privacy = new ShardML.Algorithms.Privacy.DifferentialPrivacyOptions { Epsilon = 0.5, TestSeed = 2, Bounds = new ShardML.Algorithms.Privacy.FeatureBounds(["a", "b"], [0, -1], [1, 1]) },
        });
    }

    internal static FarthestRows Farthest(int capacity, params (double Distance, long Row, float[] Values)[] rows)
    {
        var farthest = new FarthestRows(capacity);
        foreach (var (distance, row, values) in rows)
        {
            farthest.Offer(distance, row, () => values);
        }

        return farthest;
    }
}
