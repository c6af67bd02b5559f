using System.Globalization;
using System.Text.Json;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;

namespace ShardML.Cli.Tests;

public sealed class ClassificationCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Train_logreg_prints_classification_metrics_and_saves_the_class_names()
    {
        var model = _samples.In("churn.json");

        var run = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--standardize", "--partitions", "3", "--out", model, "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("logreg", json.GetProperty("algorithm").GetString());
        Assert.True(json.GetProperty("converged").GetBoolean());
        var metrics = json.GetProperty("metrics");
        Assert.InRange(metrics.GetProperty("accuracy").GetDouble(), 0.72, 0.82);
        Assert.InRange(metrics.GetProperty("roc_auc").GetDouble(), 0.8, 0.9);
        Assert.True(metrics.GetProperty("log_loss").GetDouble() < Math.Log(2));
        Assert.Equal(["no", "yes"], Strings(json.GetProperty("confusionMatrix").GetProperty("classes")));
        Assert.Equal(4000, json.GetProperty("confusionMatrix").GetProperty("counts").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt64()));
        var saved = Assert.IsType<LinearClassifierModel>(await ModelFile.LoadAsync(model, CancellationToken.None));
        Assert.Equal(["no", "yes"], saved.Classes);
        Assert.Equal("churned", saved.LabelName);
        Assert.Equal(LinearSolver.Lbfgs, saved.Hyperparameters.Solver);
    }

    [Fact]
    public async Task Train_svm_reports_the_duality_gap_and_no_log_loss()
    {
        var run = await CliRun.RunAsync("train", "svm", "--data", _samples.Churn, "--standardize", "--l2", "1e-2", "--max-iter", "300", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        var summary = json.GetProperty("model").GetProperty("summary");
        Assert.True(summary.GetProperty("relativeDualityGap").GetDouble() < 1e-2);
        Assert.Equal("hinge", json.GetProperty("model").GetProperty("loss").GetString());
        Assert.False(json.GetProperty("metrics").TryGetProperty("log_loss", out _));
        Assert.True(json.GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.72);
    }

    [Fact]
    public async Task Train_sgd_with_local_steps_reports_the_rounds_and_bytes_saved()
    {
        var run = await CliRun.RunAsync(
            "train", "sgd", "--data", _samples.Penguins, "--solver", "local-sgd", "--local-steps", "8", "--batch-size", "64",
            "--standardize", "--averaged", "--epochs", "10", "--partitions", "4", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        var communication = json.GetProperty("communication");
        Assert.Equal(8, communication.GetProperty("localStepsPerRound").GetInt32());
        Assert.Equal(7 * communication.GetProperty("rounds").GetInt64(), communication.GetProperty("roundsSaved").GetInt64());
        Assert.True(communication.GetProperty("bytesSaved").GetInt64() > 0);
        Assert.True(json.GetProperty("metrics").GetProperty("f1_macro").GetDouble() > 0.9);
        Assert.Equal(3, json.GetProperty("model").GetProperty("weights").GetArrayLength());
    }

    [Fact]
    public async Task Local_sgd_in_shuffled_blocks_trains_as_well_and_an_unknown_row_order_is_a_usage_error()
    {
        var run = await CliRun.RunAsync(
            "train", "sgd", "--data", _samples.Penguins, "--solver", "local-sgd", "--row-order", "shuffled-blocks", "--local-steps", "8",
            "--batch-size", "64", "--standardize", "--averaged", "--epochs", "10", "--partitions", "4", "--json");
        var wrong = await CliRun.RunAsync("train", "sgd", "--data", _samples.Penguins, "--solver", "local-sgd", "--row-order", "sorted");
        var elsewhere = await CliRun.RunAsync("train", "sgd", "--data", _samples.Penguins, "--solver", "lbfgs", "--row-order", "shuffled-blocks");

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.True(run.Json().GetProperty("metrics").GetProperty("f1_macro").GetDouble() > 0.9);
        Assert.Equal(ExitCodes.Usage, wrong.ExitCode);
        Assert.Contains("--row-order must be uniform or shuffled-blocks", wrong.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, elsewhere.ExitCode);
        Assert.Contains("--solver must be sgd or local-sgd, not 'lbfgs'", elsewhere.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diagonal_preconditioner_is_the_default_and_none_runs_the_textbook_recursion_to_the_same_objective()
    {
        var diagonal = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--json");
        var none = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--preconditioner", "none", "--json");
        var elsewhere = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--solver", "sgd", "--preconditioner", "none");

        Assert.True(diagonal.ExitCode == 0, diagonal.StandardError);
        Assert.True(none.ExitCode == 0, none.StandardError);
        var (fast, slow) = (diagonal.Json(), none.Json());
        Assert.True(fast.GetProperty("converged").GetBoolean() && slow.GetProperty("converged").GetBoolean());
        var objective = slow.GetProperty("finalLoss").GetDouble();
        Assert.InRange(fast.GetProperty("finalLoss").GetDouble(), objective * (1 - 1e-8), objective * (1 + 1e-8));
        // Raw churn columns (months, dollars, calls, years) differ in scale by ~10²: 14 iterations against 48 here.
        Assert.True(
            2 * fast.GetProperty("iterations").GetInt32() <= slow.GetProperty("iterations").GetInt32(),
            $"{fast.GetProperty("iterations")} iterations with the diagonal, {slow.GetProperty("iterations")} without");
        Assert.Equal(ExitCodes.Usage, elsewhere.ExitCode);
        Assert.Contains("--preconditioner applies to --solver lbfgs; --solver sgd does not read it", elsewhere.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_writes_the_original_class_names_and_a_probability_per_class()
    {
        var model = _samples.In("penguins.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "logreg", "--data", _samples.Penguins, "--standardize", "--out", model)).ExitCode);
        var output = _samples.In("species.csv");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Penguins, "--out", output, "--partitions", "3");

        Assert.Equal(0, run.ExitCode);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("class,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
        Assert.Equal(3001, lines.Length);
        var actual = File.ReadLines(_samples.Penguins).Skip(1).Select(l => l.Split(',')[^1]).ToArray();
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, r => Assert.Equal(1.0, r.Skip(1).Sum(p => double.Parse(p, CultureInfo.InvariantCulture)), 5));
        Assert.True(rows.Zip(actual).Count(p => p.First[0] == p.Second) > 0.95 * actual.Length);
    }

    [Fact]
    public async Task Evaluate_prints_the_confusion_matrix_for_people_and_in_json()
    {
        var model = _samples.In("svm.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "svm", "--data", _samples.Penguins, "--standardize", "--max-iter", "30", "--out", model)).ExitCode);

        var human = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Penguins);
        var json = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Penguins, "--json");

        Assert.Equal(0, human.ExitCode);
        Assert.Contains("confusion matrix", human.StandardError, StringComparison.Ordinal);
        Assert.Contains("Chinstrap", human.StandardError, StringComparison.Ordinal);
        var document = json.Json();
        Assert.Equal("evaluate", document.GetProperty("command").GetString());
        Assert.True(document.GetProperty("metrics").GetProperty("precision_macro").GetDouble() > 0.9);
        var counts = document.GetProperty("confusionMatrix").GetProperty("counts");
        Assert.Equal(3, counts.GetArrayLength());
        Assert.Equal(3000, counts.EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt64()));
    }

    [Fact]
    public async Task A_third_class_in_binary_mode_exits_3_naming_the_row_where_it_first_appears()
    {
        var lines = File.ReadAllLines(_samples.Penguins);
        var seen = new List<string>();
        var line = 0;
        for (var i = 1; i < lines.Length && line == 0; i++)
        {
            var label = lines[i].Split(',')[^1];
            if (!seen.Contains(label))
            {
                seen.Add(label);
                line = seen.Count == 3 ? i + 1 : 0;
            }
        }

        var run = await CliRun.RunAsync("train", "logreg", "--data", _samples.Penguins, "--binary", "--partitions", "4", "--out", _samples.In("no.json"));

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.Contains($"penguins.csv:{line}:5: a third class '{seen[2]}' in a binary problem", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_samples.In("no.json")));
    }

    [Fact]
    public async Task A_missing_label_exits_3_naming_file_line_and_column()
    {
        var data = _samples.Write("holes.csv", "a,b,kind\n1,2,spam\n3,4,eggs\n5,6,\n");

        var run = await CliRun.RunAsync("train", "svm", "--data", data, "--json");

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.Equal("data", run.Json().GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("holes.csv:4:3: missing label 'kind'", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--solver", "newton", "--solver must be")]
    [InlineData("--loss", "exponential", "--loss must be")]
    [InlineData("--positive-class", "maybe", "'maybe' is not one of the classes 'no' and 'yes'")]
    [InlineData("--l1", "-1", "must be finite numbers ≥ 0")]
    public async Task A_bad_option_value_exits_2(string option, string value, string message)
    {
        var run = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
