using System.Globalization;
using System.Text.Json.Nodes;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Preprocessing;

/// <summary>Models trained on categories and missing values keep their preprocessing and read new data through it.</summary>
public sealed class PreprocessedTrainingTests : IDisposable
{
    private static readonly string[] Colors = ["red", "green", "blue"];

    private readonly DataDirectory _files = new();

    /// <summary>A color, a size missing every 7th row, and a price that depends on both.</summary>
    private string Items(int rows = 120) => _files.Write(
        "items.csv",
        "color,size,price,kind\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
        {
            var color = Colors[i % 3];
            var size = i % 7 == 3 ? "" : (i % 10).ToString(CultureInfo.InvariantCulture);
            var price = 5 + (3 * (i % 3)) + (0.5 * (i % 10));
            return string.Create(CultureInfo.InvariantCulture, $"{color},{size},{price},{(i % 3 == 0 ? "cheap" : "dear")}\n");
        })));

    [Fact]
    public async Task A_regression_on_one_hot_features_is_solved_without_the_singular_normal_equations_and_keeps_its_pipeline()
    {
        var path = Items();
        await using var executor = await Load(new DatasetOptions { Path = path, Label = "price", Ignore = ["kind"], Missing = MissingValues.Mean }, 3);

        var model = (LinearRegressionModel)await new LinearModelTrainer().TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Squared, L2 = 0 }, null, CancellationToken.None);

        Assert.Equal(["color=blue", "color=green", "color=red", "color=<other>", "size"], model.FeatureNames);
        Assert.Same(executor.Dataset.Schema.Pipeline, model.Preprocessing);
        Assert.Equal(LinearSolver.Lbfgs, model.Hyperparameters.Solver);
        var red = model.Predict(model.Preprocessing!.Encode(["red", "2"]));
        Assert.InRange(red, 5.8f, 6.2f); // red costs 5, a size 0.5 each; filled sizes (the mean) pull the fit a little
    }

    [Fact]
    public async Task The_model_file_keeps_the_pipeline_in_version_3_and_a_version_2_file_still_loads()
    {
        await using var executor = await Load(new DatasetOptions { Path = Items(), CategoricalLabel = true, Label = "kind", Ignore = ["price"], Missing = MissingValues.Median }, 2);
        var model = await new GaussianNaiveBayesTrainer().TrainAsync(executor, new GaussianNaiveBayesOptions(), null, CancellationToken.None);

        var json = ModelFile.ToJson(model);
        var again = ModelFile.FromJson(json);
        var plain = JsonNode.Parse(json)!;
        plain["version"] = 2;
        plain["model"]!.AsObject().Remove("preprocessing");
        plain["model"]!["featureNames"] = new JsonArray("a", "b", "c", "d", "e");

        Assert.Equal(3, JsonNode.Parse(json)!["version"]!.GetValue<int>());
        Assert.Equal(model.Preprocessing!.FeatureNames(), again.Preprocessing!.FeatureNames());
        Assert.Equal(model.Preprocessing.Columns[1].Fill, again.Preprocessing.Columns[1].Fill);
        Assert.Null(ModelFile.FromJson(plain.ToJsonString()).Preprocessing);
        Assert.DoesNotContain("notes\": [\n      \"column", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_reads_new_data_through_its_pipeline_an_unseen_color_to_other()
    {
        await using var executor = await Load(new DatasetOptions { Path = Items(), Ignore = ["price", "kind"], Missing = MissingValues.MostFrequent }, 2, kmeans: true);
        var model = await new KMeansTrainer().TrainAsync(executor, new KMeansOptions { NumberOfClusters = 3, Seed = 5 }, null, CancellationToken.None);
        var score = _files.Write("new.csv", "id,size,color\n1,4,purple\n2,,red\n");

        var data = model.DataFor(new DatasetOptions { Path = score, Keep = ["id"] }, readLabels: false);
        await using var scoring = await InMemoryExecutor.LoadAsync(DatasetPlanner.Plan(data, 1), CancellationToken.None);
        var kept = await scoring.RunAsync(new KeptColumnsStep(), CancellationToken.None);
        var predictions = await scoring.RunAsync(model.CreatePredictStep(), CancellationToken.None);

        Assert.Equal(["color", "size"], data.Features);
        Assert.Equal(MissingValues.MostFrequent, data.Missing);
        Assert.Equal(["1", "2"], kept.Columns[0]);
        Assert.Equal(2, predictions.Values.Length);
        Assert.Equal(model.Predict(model.Preprocessing!.Encode(["purple", "4"])).Cluster, (int)predictions.Values[0]);
    }

    [Fact]
    public async Task Dropped_rows_are_noted_with_the_model_and_prediction_refuses_a_missing_value_of_a_dropping_model()
    {
        await using var executor = await Load(new DatasetOptions { Path = Items(), Label = "price", Ignore = ["kind"], Missing = MissingValues.Drop }, 2);
        var model = await new LinearModelTrainer().TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Squared, L2 = 1e-3 }, null, CancellationToken.None);

        var outcome = await JobOutcomes.EvaluateAsync(executor, model, CancellationToken.None);
        var saved = ModelFile.FromJson(outcome.ModelJson);

        Assert.Equal(103, saved.Summary.Rows);
        Assert.Contains("dropped 17 of 120 rows for a missing value (`Missing` = drop)", saved.Summary.Notes);
        Assert.Equal(MissingValues.Drop, model.DataFor(new DatasetOptions { Path = "x.csv" }, readLabels: true).Missing);
        Assert.Equal(MissingValues.Error, model.DataFor(new DatasetOptions { Path = "x.csv" }, readLabels: false).Missing);
    }

    [Fact]
    public async Task A_hand_edited_pipeline_that_does_not_make_the_models_features_is_refused()
    {
        await using var executor = await Load(new DatasetOptions { Path = Items(), Label = "price", Ignore = ["kind"], Missing = MissingValues.Mean }, 1);
        var model = await new LinearModelTrainer().TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Squared, L2 = 1e-3, MaximumIterations = 3 }, null, CancellationToken.None);
        var json = JsonNode.Parse(ModelFile.ToJson(model))!;
        json["model"]!["preprocessing"]!["columns"]![0]!["categories"] = new JsonArray("blue", "red");

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));

        Assert.Contains("the preprocessing makes other features than the model's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_model_refuses_preprocessing_learned_from_its_rows_but_not_dropping_them()
    {
        var options = new LinearModelOptions
        {
            Loss = LossKind.Squared, Solver = LinearSolver.Sgd, Epochs = 1, BatchSize = 20, L2 = 1e-4,
            Privacy = new Algorithms.Privacy.DifferentialPrivacyOptions { Epsilon = 1e6, NoiseMultiplier = 2, ClipNorm = 1, TestSeed = 3 },
        };
        var path = Items();
        await using var learned = await Load(new DatasetOptions { Path = path, Label = "price", Ignore = ["kind"], Missing = MissingValues.Mean }, 2);
        await using var dropped = await Load(new DatasetOptions { Path = path, Label = "price", Ignore = ["kind", "color"], Missing = MissingValues.Drop }, 2);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new LinearModelTrainer().TrainAsync(learned, options, null, CancellationToken.None));
        var model = await new LinearModelTrainer().TrainAsync(dropped, options, null, CancellationToken.None);

        Assert.Contains("a private model (`Epsilon`) cannot learn its preprocessing from its training rows", error.Message, StringComparison.Ordinal);
        Assert.False(model.Preprocessing!.IsLearned);
    }

    public void Dispose() => _files.Dispose();

    private static async Task<InMemoryExecutor> Load(DatasetOptions options, int partitions, bool kmeans = false) =>
        await InMemoryExecutor.LoadAsync(DatasetPlanner.Plan(kmeans ? KMeansOptions.DataFor(options) : options, partitions), CancellationToken.None);
}
