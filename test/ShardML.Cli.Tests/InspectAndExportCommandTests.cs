namespace ShardML.Cli.Tests;

/// <summary><c>inspect</c> and <c>export</c> read a model file without a cluster and work for any model kind.</summary>
public sealed class InspectAndExportCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Inspect_lists_a_classifiers_weights_by_feature_and_its_standardization()
    {
        var model = _samples.In("penguins.json");
        var train = await CliRun.RunAsync("train", "logreg", "--data", _samples.Penguins, "--label", "species", "--standardize", "--out", model);

        var human = await CliRun.RunAsync("inspect", "--model", model, "--top", "2");
        var json = await CliRun.RunAsync("inspect", "--model", model, "--json");

        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.True(human.ExitCode == 0, human.StandardError);
        Assert.Contains("multinomial (softmax) over 3 classes", human.StandardError, StringComparison.Ordinal);
        Assert.Contains("(2 of 4; --top)", human.StandardError, StringComparison.Ordinal);
        Assert.Contains("standardization", human.StandardError, StringComparison.Ordinal);
        var description = json.Json().GetProperty("model");
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], description.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        var outputs = description.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(3, outputs.Length);
        Assert.All(outputs, o => Assert.Equal(4, o.GetProperty("weights").GetArrayLength()));
        Assert.Equal("standardization", description.GetProperty("preprocessing")[0].GetProperty("name").GetString());
        Assert.True(description.GetProperty("training").GetProperty("iterations").GetInt32() > 0);
    }

    [Theory]
    [InlineData("kmeans", "-k", "3")]
    [InlineData("linreg", "--label", "price")]
    public async Task Export_writes_an_onnx_file_of_any_model_kind(string algorithm, string option, string value)
    {
        var model = _samples.In($"{algorithm}.json");
        var onnx = _samples.In($"{algorithm}.onnx");
        var data = algorithm == "kmeans" ? _samples.Blobs : _samples.Housing;
        string[] ignore = algorithm == "kmeans" ? ["--ignore", "species"] : [];
        var train = await CliRun.RunAsync(["train", algorithm, "--data", data, option, value, "--out", model, .. ignore]);

        var export = await CliRun.RunAsync("export", "--model", model, "--format", "onnx", "--out", onnx, "--json");
        var inspect = await CliRun.RunAsync("inspect", "--model", model);

        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.True(export.ExitCode == 0, export.StandardError);
        Assert.Equal(new FileInfo(onnx).Length, export.Json().GetProperty("bytes").GetInt64());
        Assert.Equal("features", export.Json().GetProperty("input").GetString());
        Assert.True(inspect.ExitCode == 0, inspect.StandardError);
        Assert.Contains(algorithm == "kmeans" ? "cluster centers" : "weights", inspect.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_refuses_to_overwrite_its_model()
    {
        var model = _samples.In("m.json");
        await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--label", "price", "--out", model);

        var export = await CliRun.RunAsync("export", "--model", model, "--out", model);

        Assert.Equal(2, export.ExitCode);
        Assert.Contains("is the --model file", export.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
