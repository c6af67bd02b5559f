using System.Text.Json;

namespace ShardML.Cli.Tests;

/// <summary><c>train --validation-fraction</c>, <c>cv</c> and <c>tune</c>: held-out metrics labelled as such, the same split under any partitioning.</summary>
public sealed class EvaluationCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Fact]
    public async Task Validation_metrics_are_reported_apart_from_training_metrics_and_the_split_ignores_partitioning()
    {
        var two = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--label", "churned", "--validation-fraction", "0.25", "--partitions", "2", "--json");
        var seven = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--label", "churned", "--validation-fraction", "0.25", "--partitions", "7", "--json");
        var human = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--label", "churned", "--validation-fraction", "0.25");

        Assert.True(two.ExitCode == 0, two.StandardError);
        Assert.True(seven.ExitCode == 0, seven.StandardError);
        var validation = two.Json().GetProperty("validation");
        var rows = validation.GetProperty("validationRows").GetInt64();
        Assert.Equal(4000, rows + validation.GetProperty("trainingRows").GetInt64());
        Assert.Equal(rows, seven.Json().GetProperty("validation").GetProperty("validationRows").GetInt64());
        Assert.Equal(rows, validation.GetProperty("metrics").GetProperty("rows").GetDouble());
        Assert.Equal(4000 - rows, two.Json().GetProperty("trainingMetrics").GetProperty("rows").GetDouble());
        Assert.True(two.Json().GetProperty("model").GetProperty("summary").TryGetProperty("validation", out _)); // saved with the model
        Assert.Contains("accuracy (training rows)", human.StandardError + human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("validation rows", human.StandardError + human.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cross_validation_reports_every_fold_with_mean_and_spread()
    {
        var cv = await CliRun.RunAsync("cv", "--folds", "4", "naive-bayes", "--data", _samples.Penguins, "--label", "species", "--json");

        Assert.True(cv.ExitCode == 0, cv.StandardError);
        var report = cv.Json().GetProperty("crossValidation");
        var folds = report.GetProperty("foldMetrics").EnumerateArray().ToList();
        Assert.Equal(4, folds.Count);
        Assert.Equal(folds.Average(f => f.GetProperty("accuracy").GetDouble()), report.GetProperty("mean").GetProperty("accuracy").GetDouble(), 12);
        Assert.True(report.GetProperty("standardDeviation").GetProperty("accuracy").GetDouble() >= 0);
    }

    [Fact]
    public async Task Tune_reports_every_candidate_and_saves_the_best_trained_on_all_rows()
    {
        var best = _samples.In("best.json");
        var tune = await CliRun.RunAsync("tune", "--grid", "l2=1e-4,1e-2,10", "--grid", "standardize=true,false", "logreg", "--data", _samples.Churn, "--label", "churned", "--metric", "log_loss", "--out", best, "--json");

        Assert.True(tune.ExitCode == 0, tune.StandardError);
        var tuning = tune.Json().GetProperty("tuning");
        var candidates = tuning.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(6, candidates.Count);
        var losses = candidates.Select(c => c.GetProperty("metrics").GetProperty("log_loss").GetDouble()).ToList();
        Assert.Equal(losses.IndexOf(losses.Min()), tuning.GetProperty("best").GetInt32());
        Assert.NotEqual("10", candidates[tuning.GetProperty("best").GetInt32()].GetProperty("parameters").GetProperty("l2").GetString()); // λ = 10 underfits
        Assert.True(tuning.GetProperty("refit").GetBoolean());
        using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(best));
        Assert.Equal(4000, saved.RootElement.GetProperty("model").GetProperty("summary").GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Tune_without_a_hyperparameter_or_with_an_unknown_one_is_a_usage_error()
    {
        var none = await CliRun.RunAsync("tune", "logreg", "--data", _samples.Churn, "--label", "churned");
        var unknown = await CliRun.RunAsync("tune", "--grid", "lambda=1,2", "logreg", "--data", _samples.Churn, "--label", "churned");
        var both = await CliRun.RunAsync("tune", "--grid", "l2=1,2", "--folds", "3", "--validation-fraction", "0.2", "logreg", "--data", _samples.Churn, "--label", "churned");

        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--grid", none.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no option --lambda", unknown.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
    }

    [Fact]
    public async Task Tune_sets_a_required_hyperparameter_from_the_grid()
    {
        var tune = await CliRun.RunAsync("tune", "--grid", "k=2,3,4", "--metric", "adjusted_rand_index", "kmeans", "--data", _samples.Blobs, "--label", "species", "--json");

        Assert.True(tune.ExitCode == 0, tune.StandardError);
        var tuning = tune.Json().GetProperty("tuning");
        Assert.Equal(3, tuning.GetProperty("candidates").GetArrayLength());
        Assert.True(tuning.GetProperty("candidates")[tuning.GetProperty("best").GetInt32()].GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble() > 0.5);
    }
}
