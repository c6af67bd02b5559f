using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Models;

/// <summary>A model predicts one row without a cluster exactly as its distributed prediction step does, for every model kind.</summary>
public sealed class SingleRowPredictionTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Kmeans_assigns_each_row_to_the_cluster_the_distributed_step_does()
    {
        var table = ClusterData.Overlapping();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("blobs.csv", table), 3);
        var model = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 5, Seed = 3 });

        var distributed = await PredictAsync(executor, model);

        var rows = table.Rows.SelectMany(r => r).ToArray();
        var clusters = new int[table.Count];
        var distances = new double[table.Count];
        model.Predict(rows, clusters, distances);
        for (var i = 0; i < table.Count; i++)
        {
            var one = model.Predict(table.Rows[i]);
            Assert.Equal((int)distributed.Values[i], one.Cluster);
            Assert.Equal(one.Cluster, clusters[i]);
            Assert.Equal(Math.Sqrt(table.Rows[i].Zip(model.Centers[one.Cluster], (x, c) => ((double)x - c) * ((double)x - c)).Sum()), one.Distance, 12);
            Assert.Equal(one.Distance, distances[i]);
        }
    }

    [Fact]
    public async Task A_regression_predicts_each_row_as_the_distributed_step_does()
    {
        var table = RegressionData.Skewed();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("skewed.csv", table), 3);
        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(0.1, standardize: true));

        var distributed = await PredictAsync(executor, model);

        var batch = new float[table.Count];
        model.Predict(table.Rows.SelectMany(r => r).ToArray(), batch);
        for (var i = 0; i < table.Count; i++)
        {
            Assert.Equal(distributed.Values[i], model.Predict(table.Rows[i]));
            Assert.Equal(distributed.Values[i], batch[i]);
        }
    }

    [Theory]
    [InlineData(LossKind.Logistic, 2)]
    [InlineData(LossKind.Logistic, 3)]
    [InlineData(LossKind.Hinge, 3)]
    public async Task A_classifier_predicts_each_rows_class_and_probabilities_as_the_distributed_step_does(LossKind loss, int classes)
    {
        var table = classes == 2 ? ClassificationData.Noisy(rows: 600) : ClassificationData.ThreeBlobs();
        string[] names = classes == 2 ? ["no", "yes"] : ["a", "b", "c"];
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("classes.csv", table, names), 3, categorical: true);
        var options = LogisticRegressionTests.Sgd() with { Loss = loss, Epochs = 3 };
        var model = await ClassificationData.TrainAsync(executor, options);

        var distributed = await PredictAsync(executor, model);

        var batchClasses = new int[table.Count];
        var batchProbabilities = new double[loss == LossKind.Logistic ? table.Count * classes : 0];
        model.Predict(table.Rows.SelectMany(r => r).ToArray(), batchClasses, batchProbabilities);
        for (var i = 0; i < table.Count; i++)
        {
            var one = model.Predict(table.Rows[i]);
            Assert.Equal(model.Classes[(int)distributed.Values[i]], one.Label);
            Assert.Equal(one.ClassIndex, batchClasses[i]);
            if (loss == LossKind.Hinge)
            {
                Assert.Null(one.Probabilities);
                continue;
            }

            var probabilities = one.Probabilities!;
            Assert.Equal(1.0, probabilities.Sum(), 12);
            var columns = distributed.ProbabilityColumns;
            IReadOnlyList<double> reported = columns == 1 ? [probabilities[model.PositiveClass]] : probabilities;
            for (var c = 0; c < columns; c++)
            {
                Assert.Equal(distributed.Probabilities[(i * columns) + c], (float)reported[c]);
                Assert.Equal(reported[c], batchProbabilities[(i * classes) + (columns == 1 ? model.PositiveClass : c)]);
            }
        }
    }

    [Fact]
    public async Task A_row_of_the_wrong_width_is_refused_with_the_model_features()
    {
        var table = RegressionData.Standard();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("standard.csv", table), 1);
        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal());

        var error = Assert.Throws<ArgumentException>(() => model.Predict([1f, 2f]));

        Assert.StartsWith("the row has 2 features; the model takes 3", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private static Task<PredictionSummary> PredictAsync(InMemoryExecutor executor, TrainedModel model) =>
        executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);
}
