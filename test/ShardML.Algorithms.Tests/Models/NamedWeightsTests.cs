using System.Text.Json.Nodes;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Models;

/// <summary>A linear model's file pairs each weight with its feature's name; the pairing is derived, optional and checked.</summary>
public sealed class NamedWeightsTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Each_weight_is_written_under_its_features_name_beside_the_weights()
    {
        var model = await TrainAsync();

        var json = Model(ModelFile.ToJson(model));

        var named = json["namedWeights"]!.AsArray().Single()!.AsObject();
        Assert.Equal(model.FeatureNames, named.Select(p => p.Key));
        Assert.Equal(model.Weights[0], named.Select(p => p.Value!.GetValue<double>()));
        Assert.Equal(model.Weights[0], json["weights"]!.AsArray().Single()!.AsArray().Select(w => w!.GetValue<double>()));
    }

    [Fact]
    public async Task A_file_without_the_pairing_reads_as_before()
    {
        var model = await TrainAsync();
        var json = Envelope(ModelFile.ToJson(model));
        json["model"]!.AsObject().Remove("namedWeights");

        var loaded = Assert.IsType<LinearRegressionModel>(ModelFile.FromJson(json.ToJsonString()));

        Assert.Equal(ModelFile.ToJson(model), ModelFile.ToJson(loaded));
    }

    [Fact]
    public async Task A_pairing_that_disagrees_with_the_weights_is_refused()
    {
        var model = await TrainAsync();
        var json = Envelope(ModelFile.ToJson(model));
        json["model"]!["namedWeights"]![0]![model.FeatureNames[1]] = 12.5;

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(json.ToJsonString(), "edited.json"));

        Assert.Contains("'namedWeights' does not match 'weights'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private async Task<LinearRegressionModel> TrainAsync()
    {
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("standard.csv", RegressionData.Standard()), 2);
        return await RegressionData.TrainAsync(executor, RegressionData.Normal(0.1, standardize: true));
    }

    private static JsonObject Envelope(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Model(string json) => Envelope(json)["model"]!.AsObject();
}
