using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.NaiveBayes;

public sealed class GaussianNaiveBayesTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Priors_means_and_variances_are_those_of_a_plain_computation_over_each_class()
    {
        var table = ClassificationData.ThreeBlobs();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", table, ["a", "b", "c"]), 3, categorical: true);

        var model = await TrainAsync(executor);

        var d = table.Dimension;
        var all = Enumerable.Range(0, d).Select(j => table.Rows.Select(r => (double)r[j]).ToArray()).ToArray();
        var epsilon = 1e-9 * all.Max(column => Variance(column));
        for (var c = 0; c < 3; c++)
        {
            var rows = Enumerable.Range(0, table.Count).Where(i => table.Labels![i] == c).Select(i => table.Rows[i]).ToArray();
            Assert.Equal(rows.Length, model.ClassCounts[c]);
            Assert.Equal((double)rows.Length / table.Count, model.ClassPriors[c], 15);
            for (var j = 0; j < d; j++)
            {
                var column = rows.Select(r => (double)r[j]).ToArray();
                Approx.Relative(column.Average(), model.Means[c][j], 1e-12, $"mean of class {c}, feature {j}");
                Approx.Relative(Variance(column) + epsilon, model.Variances[c][j], 1e-10, $"variance of class {c}, feature {j}");
            }
        }
    }

    [Fact]
    public async Task Predictions_are_the_class_of_largest_joint_likelihood_with_probabilities_by_softmax()
    {
        var table = ClassificationData.ThreeBlobs();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", table, ["a", "b", "c"]), 2, categorical: true);
        var model = await TrainAsync(executor);

        for (var i = 0; i < table.Count; i += 7)
        {
            var x = table.Rows[i];
            var joint = Enumerable.Range(0, 3).Select(c => Math.Log(model.ClassPriors[c])
                + Enumerable.Range(0, x.Length).Sum(j => (-0.5 * Math.Log(2 * Math.PI * model.Variances[c][j])) - ((x[j] - model.Means[c][j]) * (x[j] - model.Means[c][j]) / (2 * model.Variances[c][j])))).ToArray();
            var top = joint.Max();
            var expected = joint.Select(l => Math.Exp(l - top) / joint.Sum(m => Math.Exp(m - top))).ToArray();

            var prediction = model.Predict(x);

            Assert.Equal(Array.IndexOf(joint, top), prediction.ClassIndex);
            for (var c = 0; c < 3; c++)
            {
                Approx.Absolute(expected[c], prediction.Probabilities![c], 1e-12, $"row {i}, class {c}");
            }
        }
    }

    [Fact]
    public async Task One_three_and_eight_partitions_and_sparse_rows_give_the_same_model()
    {
        var table = ClassificationData.Noisy(rows: 1500);
        var dense = _files.WriteClassCsv("noisy.csv", table, ["neg", "pos"]);
        var models = new List<GaussianNaiveBayesModel>();
        foreach (var partitions in new[] { 1, 3, 8 })
        {
            await using var executor = await DataDirectory.LoadAsync(dense, partitions, categorical: true);
            models.Add(await TrainAsync(executor));
        }

        foreach (var other in models.Skip(1))
        {
            for (var c = 0; c < 2; c++)
            {
                Approx.Relative(models[0].Means[c], other.Means[c], 1e-12, "means");
                Approx.Relative(models[0].Variances[c], other.Variances[c], 1e-10, "variances");
            }
        }

        Assert.Equal(1, models[0].PositiveClass);
        Assert.Equal(["class", "probability_pos"], models[0].PredictionColumns);
    }

    [Fact]
    public async Task The_distributed_metrics_are_those_of_the_single_row_predictions()
    {
        var table = ClassificationData.Noisy(rows: 800);
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, ["neg", "pos"]), 3, categorical: true);
        var model = await TrainAsync(executor);

        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        var correct = 0;
        double logLoss = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var prediction = model.Predict(table.Rows[i]);
            var actual = (int)table.Labels![i];
            correct += prediction.ClassIndex == actual ? 1 : 0;
            logLoss -= Math.Log(Math.Clamp(prediction.Probabilities![actual], 1e-15, 1 - 1e-15));
        }

        Assert.Equal((double)correct / table.Count, metrics["accuracy"], 12);
        Assert.Equal(logLoss / table.Count, metrics["log_loss"], 10);
        Assert.Equal(model.Summary.FinalLoss, metrics["log_loss"], 12);
    }

    public void Dispose() => _files.Dispose();

    private static async Task<GaussianNaiveBayesModel> TrainAsync(IPartitionExecutor executor) =>
        await new GaussianNaiveBayesTrainer().TrainAsync(executor, new GaussianNaiveBayesOptions(), null, CancellationToken.None);

    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Length;
    }
}
