namespace ShardML.Algorithms.KMeans;

/// <summary>K-means in the catalog.</summary>
public static class KMeansDescriptor
{
    public static AlgorithmDescriptor Descriptor { get; } = new(
        "K-means",
        typeof(KMeansOptions),
        [new ModelKind(typeof(KMeansModel), "kmeans")],
        [
            typeof(KMeansJob),
            typeof(LloydStep), typeof(BoundedLloydStep), typeof(YinyangStep), typeof(LloydSummary), typeof(ParallelSampleStep),
            typeof(KMeansPredictStep), typeof(ClusteringEvaluationStep), typeof(ClusteringEvaluationSummary),
            typeof(PrivateLloydStep), typeof(PrivateClusterSums), typeof(MultiStartLloydStep), typeof(MultiStartLloydSummary),
        ],
        ["kmeans"]);
}
