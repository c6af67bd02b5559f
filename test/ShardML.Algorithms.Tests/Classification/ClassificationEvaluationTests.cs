using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Tests.Classification;

public sealed class ClassificationEvaluationTests : IDisposable
{
    private static readonly string[] Names = ["ok", "fraud"];
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Binary_metrics_match_references_computed_from_the_model_weights()
    {
        var table = ClassificationData.Noisy(rows: 1500);
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 4, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs());

        var evaluation = await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None);
        var metrics = model.Metrics(evaluation);

        // The class order is ordinal ("fraud" < "ok"), so the default positive class is "ok" (label 0 in the table).
        Assert.Equal(["fraud", "ok"], model.Classes!);
        Assert.Equal("ok", model.Classes![model.PositiveClass]);
        var scores = table.Rows.Select(r => ReferenceLogistic.Score(r, model.Weights[0], model.Intercepts[0])).ToArray();
        var positive = table.Labels!.Select(l => l == 0).ToArray();
        int tp = 0, fp = 0, fn = 0, tn = 0;
        double logLoss = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var predicted = scores[i] > 0;
            (tp, fp, fn, tn) = (predicted, positive[i]) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (true, false) => (tp, fp + 1, fn, tn),
                (false, true) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
            var p = 1 / (1 + Math.Exp(-scores[i]));
            logLoss -= positive[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        Assert.Equal((tp + tn) / (double)table.Count, metrics["accuracy"], 12);
        Assert.Equal(tp / (double)(tp + fp), metrics["precision"], 12);
        Assert.Equal(tp / (double)(tp + fn), metrics["recall"], 12);
        Assert.Equal(2.0 * tp / ((2 * tp) + fp + fn), metrics["f1"], 12);
        Assert.Equal(logLoss / table.Count, metrics["log_loss"], 6);
        var exact = MannWhitney(scores, positive);
        Assert.InRange(exact, metrics["roc_auc"] - metrics["roc_auc_error_bound"], metrics["roc_auc"] + metrics["roc_auc_error_bound"]);
        Assert.True(metrics["roc_auc_error_bound"] < 1e-3);
        Assert.Equal(new long[][] { [tn, fp], [fn, tp] }, model.Confusion(evaluation)!.Counts);
    }

    [Fact]
    public async Task Metrics_do_not_depend_on_the_partitioning()
    {
        var table = ClassificationData.Noisy(rows: 700);
        var path = _files.WriteClassCsv("noisy.csv", table, Names);
        await using var training = await DataDirectory.LoadAsync(path, 1, categorical: true);
        var model = await ClassificationData.TrainAsync(training, LogisticRegressionTests.Lbfgs());

        var all = new List<IReadOnlyDictionary<string, double>>();
        foreach (var partitions in new[] { 1, 3, 7 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions, categorical: true);
            all.Add(model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None)));
        }

        foreach (var other in all.Skip(1))
        {
            foreach (var (name, value) in all[0])
            {
                Assert.Equal(value, other[name], name == "log_loss" ? 12 : 15);
            }
        }
    }

    [Fact]
    public async Task A_hinge_model_reports_no_log_loss_and_predicts_no_probabilities()
    {
        var table = ClassificationData.Noisy(rows: 400);
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 2, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, Svm.CocoaTests.Options() with { MaximumIterations = 20 });

        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));
        var predictions = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);

        Assert.False(metrics.ContainsKey("log_loss"));
        Assert.True(metrics.ContainsKey("roc_auc"));
        Assert.Equal(0, predictions.ProbabilityColumns);
        Assert.Equal(["class"], model.PredictionColumns);
    }

    [Fact]
    public async Task A_binary_logistic_model_predicts_the_positive_class_probability()
    {
        var table = ClassificationData.Noisy(rows: 400);
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 2, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs());

        var predictions = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);

        Assert.Equal(["class", "probability_ok"], model.PredictionColumns);
        Assert.Equal(1, predictions.ProbabilityColumns);
        for (var i = 0; i < table.Count; i++)
        {
            var z = ReferenceLogistic.Score(table.Rows[i], model.Weights[0], model.Intercepts[0]);
            Assert.Equal(1 / (1 + Math.Exp(-z)), predictions.Probabilities[i], 1e-6); // a float probability
            Assert.Equal(z > 0 ? "ok" : "fraud", model.Classes![(int)predictions.Values[i]]);
        }
    }

    [Theory]
    [InlineData(LossKind.Logistic)]
    [InlineData(LossKind.Hinge)]
    public async Task A_linear_model_round_trips_through_its_file_and_predicts_the_same(LossKind loss)
    {
        var table = ClassificationData.ThreeBlobs();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", table, ["a", "b", "c"]), 2, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Sgd() with { Loss = loss, Epochs = 2 });

        var loaded = ModelFile.FromJson(ModelFile.ToJson(model));

        var linear = Assert.IsType<LinearClassifierModel>(loaded);
        Structural.AssertEqual(model, linear, "model");
        Assert.True(linear.CategoricalLabel);
        var before = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);
        var after = await executor.RunAsync(linear.CreatePredictStep(), CancellationToken.None);
        Assert.Equal(before.Values, after.Values);
        Assert.Equal(before.Probabilities, after.Probabilities);
    }

    public void Dispose() => _files.Dispose();

    private static double MannWhitney(double[] scores, bool[] positive)
    {
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (positive[i] && !positive[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }
}
