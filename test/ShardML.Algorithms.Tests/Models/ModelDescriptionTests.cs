using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Models;

/// <summary>Each model kind describes itself: its parameters by feature name, its preprocessing, its classes or clusters.</summary>
public sealed class ModelDescriptionTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task A_standardized_regression_lists_its_weights_by_feature_largest_standardized_first()
    {
        var table = RegressionData.Skewed();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("skewed.csv", table), 2);
        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(0, standardize: true));

        var description = model.Describe();

        Assert.Equal("linear-regression", description.Algorithm);
        var output = Assert.Single(description.Outputs!);
        Assert.Null(output.Output);
        Assert.Equal(model.Intercept, output.Intercept);
        var magnitudes = output.Weights.Select(w => Math.Abs(w.Standardized!.Value)).ToArray();
        Assert.Equal(magnitudes.OrderByDescending(m => m), magnitudes);
        foreach (var weight in output.Weights)
        {
            var j = Array.IndexOf(model.FeatureNames, weight.Feature);
            Assert.Equal(model.Coefficients[j], weight.Weight);
            Assert.Equal(model.Coefficients[j] * model.Standardization!.Scale[j], weight.Standardized);
        }

        var standardization = Assert.Single(description.Preprocessing);
        Assert.Equal("standardization", standardization.Name);
        Assert.Equal(model.Standardization!.Mean, standardization.Parameters["mean"]);
        Assert.Same(model.Hyperparameters, description.Hyperparameters);
    }

    [Fact]
    public async Task A_one_vs_rest_classifier_names_the_class_of_each_output()
    {
        var table = ClassificationData.ThreeBlobs();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", table, ["a", "b", "c"]), 2, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { Multiclass = MulticlassStrategy.OneVsRest });

        var description = model.Describe();

        Assert.Equal(["a", "b", "c"], description.Classes);
        Assert.Null(description.PositiveClass);
        Assert.Equal(["a", "b", "c"], description.Outputs!.Select(o => o.Output));
        Assert.Empty(description.Preprocessing);
        Assert.All(description.Outputs!.SelectMany(o => o.Weights), w => Assert.Null(w.Standardized));
        Assert.Contains("one-vs-rest over 3 classes", description.Kind, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multinomial_classifier_says_so_and_names_the_class_of_each_output()
    {
        var table = ClassificationData.ThreeBlobs();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", table, ["a", "b", "c"]), 2, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs());

        var description = model.Describe();

        Assert.True(model.Multinomial);
        Assert.Equal(["a", "b", "c"], description.Outputs!.Select(o => o.Output));
        Assert.Contains("multinomial (softmax) over 3 classes", description.Kind, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kmeans_gives_each_cluster_its_center_and_size_and_naive_Bayes_each_class_its_statistics()
    {
        var blobs = ClusterData.Separated();
        await using var clusters = await DataDirectory.LoadAsync(_files.WriteCsv("blobs.csv", blobs), 2);
        var kmeans = await ClusterData.TrainAsync(clusters, new KMeansOptions { NumberOfClusters = 4, Seed = 1 });
        var classes = ClassificationData.ThreeBlobs();
        await using var labelled = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", classes, ["a", "b", "c"]), 2, categorical: true);
        var bayes = await new GaussianNaiveBayesTrainer().TrainAsync(labelled, new GaussianNaiveBayesOptions(), null, CancellationToken.None);

        var centers = kmeans.Describe().Clusters!;
        var statistics = bayes.Describe().ClassStatistics!;

        Assert.Equal(kmeans.ClusterSizes, centers.Select(c => c.Size));
        Assert.Equal(kmeans.Centers[2].Select(v => (double)v), centers[2].Center);
        Assert.Equal(blobs.Count, centers.Sum(c => c.Size));
        Assert.Equal(["a", "b", "c"], statistics.Select(s => s.Class));
        Assert.Equal(bayes.Means[1], statistics[1].Means);
        Assert.Equal(bayes.ClassPriors, statistics.Select(s => s.Prior));
    }

    public void Dispose() => _files.Dispose();
}
