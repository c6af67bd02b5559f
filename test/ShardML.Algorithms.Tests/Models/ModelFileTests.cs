using System.Text.Json.Nodes;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task A_trained_kmeans_model_round_trips_through_json()
    {
        var model = await TrainKMeansAsync();

        var loaded = ModelFile.FromJson(ModelFile.ToJson(model));

        var kmeans = Assert.IsType<KMeansModel>(loaded);
        Structural.AssertEqual(model, kmeans, "model");
        Assert.Equal(ModelFile.ToJson(model), ModelFile.ToJson(kmeans));
    }

    [Theory]
    [InlineData(LinearSolver.GradientDescent)]
    [InlineData(LinearSolver.NormalEquations)]
    public async Task A_trained_linear_regression_model_round_trips_through_json(LinearSolver solver)
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        var model = await RegressionData.TrainAsync(executor, solver == LinearSolver.NormalEquations ? RegressionData.Normal(0.1, true) : RegressionData.Descent(0.1));

        var loaded = ModelFile.FromJson(ModelFile.ToJson(model));

        var regression = Assert.IsType<LinearRegressionModel>(loaded);
        Assert.NotNull(regression.Standardization);
        Structural.AssertEqual(model, regression, "model");
    }

    [Fact]
    public async Task A_model_saved_to_disk_loads_back()
    {
        var model = await TrainKMeansAsync();
        var path = _files.Write("model.json", "");

        await ModelFile.SaveAsync(model, path, CancellationToken.None);
        var loaded = await ModelFile.LoadAsync(path, CancellationToken.None);

        Assert.NotNull(model.Summary.Seconds);
        Structural.AssertEqual(model with { Summary = model.Summary with { Seconds = null } }, loaded, "model"); // the file leaves out the time
        Assert.DoesNotContain("\"seconds\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nan", "the weights hold a value that is not finite")]
    [InlineData("short", "the weights have 4 values for 5 expected")]
    [InlineData("scale", "a standardization scale is not positive")]
    public async Task A_linear_regression_model_edited_out_of_shape_is_refused_when_read(string edit, string problem)
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        var json = JsonNode.Parse(ModelFile.ToJson(await RegressionData.TrainAsync(executor, RegressionData.Normal(0.1, true))))!;
        var model = json["model"]!;
        switch (edit)
        {
            case "nan":
                model["weights"]![0]![1] = "NaN";
                break;
            case "short":
                model["weights"]![0]!.AsArray().RemoveAt(4);
                break;
            default:
                model["standardization"]!["scale"]![0] = 0;
                break;
        }

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));

        Assert.Equal($"m.json: not a usable model: {problem}", error.Message);
    }

    [Fact]
    public async Task A_kmeans_model_with_a_center_of_the_wrong_length_is_refused_when_read()
    {
        var json = JsonNode.Parse(ModelFile.ToJson(await TrainKMeansAsync()))!;
        json["model"]!["centers"]![1]!.AsArray().RemoveAt(0);

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));

        Assert.Contains("the values of center 1 have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_another_format_is_refused()
    {
        var json = JsonNode.Parse(ModelFile.ToJson(await TrainKMeansAsync()))!;
        json["format"] = "not-shardml";

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));

        Assert.Contains("not a ShardML model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_from_a_future_version_is_refused()
    {
        var json = JsonNode.Parse(ModelFile.ToJson(await TrainKMeansAsync()))!;
        json["version"] = ModelFile.CurrentVersion + 1;

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));

        Assert.Contains($"version {ModelFile.CurrentVersion + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ModelFile.FromJson("centers: [1, 2]"));
    }

    [Fact]
    public async Task A_model_without_its_algorithm_is_refused_in_one_line_naming_what_is_read()
    {
        var json = JsonNode.Parse(ModelFile.ToJson(await TrainKMeansAsync()))!;
        json["model"]!.AsObject().Remove("algorithm");

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));

        Assert.Equal($"m.json: the model has no \"algorithm\"; this build reads {string.Join(", ", AlgorithmCatalog.ModelKinds.Select(k => k.JsonName))}", error.Message);
    }

    [Fact]
    public async Task A_csv_or_a_huge_value_given_as_a_model_is_refused_without_echoing_it()
    {
        var csv = _files.Write("data.csv", "a,b,c\n" + new string('7', 100_000) + ",2,3\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ModelFile.LoadAsync(csv, CancellationToken.None));
        Assert.Equal($"{csv}: not a ShardML model (it does not start with a JSON object)", error.Message);

        var json = JsonNode.Parse(ModelFile.ToJson(await TrainKMeansAsync()))!;
        json["model"]!["algorithm"] = new string('x', 100_000);
        var unknown = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "m.json"));
        Assert.True(unknown.Message.Length < 400, unknown.Message);
    }

    [Fact]
    public async Task A_version_1_linear_regression_file_reads_as_the_same_model()
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(0.1, true));
        // The shape version 1 wrote: one weight vector, one intercept, and linear regression's own options.
        var json = JsonNode.Parse(ModelFile.ToJson(model))!;
        json["version"] = 1;
        var body = json["model"]!.AsObject();
        body["weights"] = body["weights"]![0]!.DeepClone();
        body["intercept"] = body["intercepts"]![0]!.DeepClone();
        body.Remove("intercepts");
        body.Remove("loss");
        body["hyperparameters"] = new JsonObject { ["solver"] = "normal", ["learningRate"] = 0.1, ["l2"] = 0.1, ["standardize"] = true, ["maximumIterations"] = 1000, ["tolerance"] = 1e-6 };

        var loaded = Assert.IsType<LinearRegressionModel>(ModelFile.FromJson(json.ToJsonString(), "old.json"));

        Assert.Equal(model.Weights[0], loaded.Weights[0]);
        Assert.Equal(model.Intercept, loaded.Intercept);
        Assert.Equal(LinearSolver.NormalEquations, loaded.Hyperparameters.Solver);
        Assert.Equal(LossKind.Squared, loaded.Loss);
    }

    [Fact]
    public async Task A_version_1_linear_classifier_file_reads_as_a_classifier()
    {
        var table = ClassificationData.Noisy();
        var path = _files.WriteCsv("blobs.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 2, categorical: true);
        var model = await new LinearModelTrainer().TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Logistic }, null, CancellationToken.None);
        var json = JsonNode.Parse(ModelFile.ToJson(model))!;
        json["version"] = 1;
        json["model"]!["algorithm"] = "linear";

        var loaded = Assert.IsType<LinearClassifierModel>(ModelFile.FromJson(json.ToJsonString(), "old.json"));

        Assert.Equal(((LinearClassifierModel)model).Classes, loaded.Classes);
    }

    public void Dispose() => _files.Dispose();

    private async Task<KMeansModel> TrainKMeansAsync()
    {
        var path = _files.WriteCsv("blobs.csv", ClusterData.Separated());
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        return await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 4, Seed = 5 });
    }
}
