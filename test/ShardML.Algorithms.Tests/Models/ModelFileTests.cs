using System.Text.Json.Nodes;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearRegression;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearRegression;
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
    [InlineData(LinearRegressionSolver.GradientDescent)]
    [InlineData(LinearRegressionSolver.Normal)]
    public async Task A_trained_linear_regression_model_round_trips_through_json(LinearRegressionSolver solver)
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        var model = await RegressionData.TrainAsync(executor, solver == LinearRegressionSolver.Normal ? RegressionData.Normal(0.1, true) : RegressionData.Descent(0.1));

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
                model["weights"]![1] = "NaN";
                break;
            case "short":
                model["weights"]!.AsArray().RemoveAt(4);
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

    public void Dispose() => _files.Dispose();

    private async Task<KMeansModel> TrainKMeansAsync()
    {
        var path = _files.WriteCsv("blobs.csv", ClusterData.Separated());
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        return await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 4, Seed = 5 });
    }
}
