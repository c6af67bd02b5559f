using System.Globalization;
using System.Text.Json;

namespace ShardML.Cli.Tests;

/// <summary>
/// <c>train logreg --multiclass softmax|ovr</c>: softmax the default above two classes, through train, inspect, predict,
/// evaluate, a held-out validation and tune; the flag refused where it means nothing.
/// </summary>
public sealed class MulticlassCommandTests : IDisposable
{
    private static readonly string Iris = Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
    private readonly Samples _samples = new();

    [Fact]
    public async Task Softmax_is_the_default_above_two_classes_and_ovr_is_one_flag_away()
    {
        var softmax = _samples.In("softmax.json");
        var ovr = _samples.In("ovr.json");
        string[] iris = ["--data", Iris, "--skip-lines", "1", "--no-header", "--l2", "0.01"];

        var bySoftmax = await CliRun.RunAsync(["train", "logreg", .. iris, "--out", softmax, "--json"]);
        var byOvr = await CliRun.RunAsync(["train", "logreg", .. iris, "--multiclass", "ovr", "--out", ovr, "--json"]);
        var inspectSoftmax = await CliRun.RunAsync("inspect", "--model", softmax);
        var inspectOvr = await CliRun.RunAsync("inspect", "--model", ovr);
        var evaluateSoftmax = await CliRun.RunAsync(["evaluate", "--model", softmax, .. iris[..5], "--json"]);
        var evaluateOvr = await CliRun.RunAsync(["evaluate", "--model", ovr, .. iris[..5], "--json"]);

        Assert.True(bySoftmax.ExitCode == 0, bySoftmax.StandardError);
        Assert.True(byOvr.ExitCode == 0, byOvr.StandardError);
        Assert.Contains("multinomial (softmax) over 3 classes", inspectSoftmax.StandardError, StringComparison.Ordinal);
        Assert.Contains("one-vs-rest over 3 classes", inspectOvr.StandardError, StringComparison.Ordinal);
        using (var file = JsonDocument.Parse(await File.ReadAllTextAsync(softmax)))
        {
            Assert.Equal(4, file.RootElement.GetProperty("version").GetInt32());
            Assert.True(file.RootElement.GetProperty("model").GetProperty("multinomial").GetBoolean());
        }

        var softmaxMetrics = evaluateSoftmax.Json().GetProperty("metrics");
        var ovrMetrics = evaluateOvr.Json().GetProperty("metrics");
        Assert.True(softmaxMetrics.GetProperty("accuracy").GetDouble() >= ovrMetrics.GetProperty("accuracy").GetDouble());
        Assert.InRange(softmaxMetrics.GetProperty("log_loss").GetDouble(), 0.01, 0.2);
        Assert.False(ovrMetrics.TryGetProperty("log_loss", out _));
        Assert.Equal(150, evaluateSoftmax.Json().GetProperty("confusionMatrix").GetProperty("counts").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt64()));
    }

    [Fact]
    public async Task Predict_writes_softmax_probabilities_whose_largest_is_the_class()
    {
        var model = _samples.In("penguins.json");
        var output = _samples.In("species.csv");
        var train = await CliRun.RunAsync("train", "logreg", "--data", _samples.Penguins, "--standardize", "--out", model);

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Penguins, "--out", output, "--partitions", "3");

        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("class,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
        string[] classes = ["Adelie", "Chinstrap", "Gentoo"];
        foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
        {
            var p = fields[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, p.Sum(), 5);
            Assert.Equal(classes[Array.IndexOf(p, p.Max())], fields[0]);
        }
    }

    [Fact]
    public async Task A_validation_fraction_and_tune_run_multinomial_candidates()
    {
        var validated = await CliRun.RunAsync("train", "logreg", "--data", _samples.Penguins, "--standardize", "--validation-fraction", "0.25", "--json");
        var tune = await CliRun.RunAsync(
            "tune", "--grid", "multiclass=softmax,ovr", "--grid", "l2=1e-4,1e-2", "logreg", "--data", _samples.Penguins, "--standardize", "--metric", "accuracy", "--json");

        Assert.True(validated.ExitCode == 0, validated.StandardError);
        var validation = validated.Json().GetProperty("validation").GetProperty("metrics");
        Assert.True(validation.GetProperty("accuracy").GetDouble() > 0.9);
        Assert.True(validation.GetProperty("log_loss").GetDouble() > 0);
        Assert.True(tune.ExitCode == 0, tune.StandardError);
        var candidates = tune.Json().GetProperty("tuning").GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(4, candidates.Count);
        Assert.All(candidates, c => Assert.True(c.GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.9));
        Assert.Equal(2, candidates.Count(c => c.GetProperty("metrics").TryGetProperty("log_loss", out _))); // the softmax ones
    }

    [Fact]
    public async Task Tune_refuses_to_rank_by_a_metric_that_one_vs_rest_candidates_do_not_report()
    {
        var tune = await CliRun.RunAsync("tune", "--grid", "multiclass=softmax,ovr", "logreg", "--data", _samples.Penguins, "--standardize", "--metric", "log_loss");

        Assert.NotEqual(0, tune.ExitCode);
        Assert.Contains("candidate 2 (multiclass=ovr) reports no metric `log_loss`", tune.StandardError, StringComparison.Ordinal);
        Assert.Contains("--metric", tune.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", tune.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_flag_is_refused_where_it_means_nothing()
    {
        var unknown = await CliRun.RunAsync("train", "logreg", "--data", _samples.Penguins, "--multiclass", "multinomial");
        var hinge = await CliRun.RunAsync("train", "sgd", "--data", _samples.Penguins, "--loss", "hinge", "--multiclass", "softmax");
        var svm = await CliRun.RunAsync("train", "svm", "--data", _samples.Penguins, "--multiclass", "softmax");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--multiclass must be softmax, ovr or one-vs-rest, not 'multinomial'", unknown.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, hinge.ExitCode);
        Assert.Contains("the hinge loss is always one-vs-rest", hinge.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, svm.ExitCode);
        Assert.Contains("--multiclass", svm.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
