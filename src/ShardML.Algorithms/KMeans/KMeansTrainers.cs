using ShardML.Algorithms.KMeans;

namespace ShardML;

/// <summary>K-means in the library: <c>ml.KMeans(4)</c>, or <c>ml.KMeans(options)</c> for every option.</summary>
public static class KMeansTrainers
{
    /// <summary>K-means with <paramref name="numberOfClusters"/> clusters, a k-means|| start and Lloyd iterations, seeded by the host.</summary>
    public static Trainer<KMeansModel> KMeans(this ITrainingHost ml, int numberOfClusters, int maximumIterations = 100, double tolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.KMeans(new KMeansOptions { NumberOfClusters = numberOfClusters, MaximumIterations = maximumIterations, Tolerance = tolerance, Seed = ml.Seed });
    }

    /// <summary>K-means with every option spelled out (the seed is the options', not the host's).</summary>
    public static Trainer<KMeansModel> KMeans(this ITrainingHost ml, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(options);
        return new Trainer<KMeansModel>(ml, new KMeansJob(options));
    }
}
