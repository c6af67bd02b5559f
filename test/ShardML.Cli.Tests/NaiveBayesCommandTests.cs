namespace ShardML.Cli.Tests;

/// <summary>An algorithm added through the catalog: its command trains, and predict and evaluate take its model without knowing its type.</summary>
public sealed class NaiveBayesCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Naive_bayes_trains_predicts_class_probabilities_and_evaluates()
    {
        var model = _samples.In("nb.json");
        var predictions = _samples.In("nb.csv");

        var train = await CliRun.RunAsync("train", "naive-bayes", "--data", _samples.Penguins, "--label", "species", "--out", model, "--json");
        var predict = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Penguins, "--out", predictions);
        var evaluate = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Penguins, "--partitions", "3", "--json");

        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.Equal("gaussian-naive-bayes", train.Json().GetProperty("model").GetProperty("algorithm").GetString());
        Assert.True(train.Json().GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.95);
        Assert.True(predict.ExitCode == 0, predict.StandardError);
        var lines = await File.ReadAllLinesAsync(predictions);
        Assert.Equal("class,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
        var first = lines[1].Split(',');
        Assert.Equal(1.0, first.Skip(1).Sum(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)), 5);
        Assert.True(evaluate.ExitCode == 0, evaluate.StandardError);
        Assert.Equal(
            train.Json().GetProperty("metrics").GetProperty("log_loss").GetDouble(),
            evaluate.Json().GetProperty("metrics").GetProperty("log_loss").GetDouble(),
            10);
    }

    public void Dispose() => _samples.Dispose();
}
