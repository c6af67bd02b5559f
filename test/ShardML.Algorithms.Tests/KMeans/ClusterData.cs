using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>The clustering datasets the tests share, and the engine calls they make.</summary>
public static class ClusterData
{
    /// <summary>Four blobs in 3-d whose centers are at least 12 apart.</summary>
    public static readonly double[][] SeparatedCenters = [[0, 0, 0], [12, 0, 0], [0, 12, 0], [6, 6, 12]];

    /// <summary>2000 rows from <see cref="SeparatedCenters"/> with standard deviation 0.5, labelled by blob.</summary>
    public static Table Separated(int seed = 21) => Generate.Blobs(SeparatedCenters, 2000, 0.5, seed);

    /// <summary>1500 rows from three overlapping 4-d blobs (standard deviation 1, centers 3 to 4 apart): Lloyd moves for a while.</summary>
    public static Table Overlapping(int seed = 22) =>
        Generate.Blobs([[0, 0, 0, 0], [3, 1, 0, 1], [0, 3, 2, -1]], 1500, 1.0, seed);

    /// <summary>3000 rows from six overlapping 3-d blobs, clustered with k = 5: the result depends on the initialization.</summary>
    public static Table Ambiguous(int seed = 23) =>
        Generate.Blobs([[0, 0, 0], [4, 0, 0], [0, 4, 0], [4, 4, 1], [2, 2, 4], [6, 2, 2]], 3000, 1.2, seed);

    public static Task<KMeansModel> TrainAsync(IPartitionExecutor executor, KMeansOptions options) =>
        new KMeansTrainer().TrainAsync(executor, options, null, CancellationToken.None);

    /// <summary>Each row's cluster, by the model's predict step.</summary>
    public static async Task<int[]> PredictAsync(IPartitionExecutor executor, KMeansModel model)
    {
        var predictions = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);
        return predictions.Values.Select(v => (int)v).ToArray();
    }

    /// <summary>The model's metrics on the executor's data (with the adjusted Rand index when it is labelled).</summary>
    public static async Task<IReadOnlyDictionary<string, double>> EvaluateAsync(IPartitionExecutor executor, TrainedModel model)
    {
        var summary = await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None);
        return model.Metrics(summary);
    }

    public static KMeansOptions Given(float[][] centers, int iterations) => new()
    {
        NumberOfClusters = centers.Length,
        Initialization = KMeansInitialization.Given,
        InitialCenters = centers,
        MaximumIterations = iterations,
        Tolerance = 0,
    };

    /// <summary>The model's center nearest to <paramref name="point"/>, and its distance.</summary>
    public static double DistanceToNearestCenter(KMeansModel model, double[] point) =>
        model.Centers.Min(c => Math.Sqrt(c.Select((v, f) => (v - point[f]) * (v - point[f])).Sum()));
}
