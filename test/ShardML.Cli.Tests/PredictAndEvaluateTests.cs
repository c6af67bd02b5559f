namespace ShardML.Cli.Tests;

public sealed class PredictAndEvaluateTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Predict_writes_one_prediction_per_row_in_input_order()
    {
        var model = _samples.In("linreg.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--solver", "normal", "--out", model)).ExitCode);
        var output = _samples.In("predictions.csv");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Housing, "--out", output, "--partitions", "5", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5000, run.Json().GetProperty("rows").GetInt32());
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("prediction", lines[0]);
        Assert.Equal(5001, lines.Length);
        var firstPrice = double.Parse(File.ReadLines(_samples.Housing).Skip(1).First().Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(double.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), firstPrice - 40, firstPrice + 40);
    }

    [Fact]
    public async Task LibSvm_data_is_refused_for_a_model_of_named_columns_and_accepted_for_a_model_trained_on_libsvm()
    {
        var named = _samples.In("named.json");
        var numbered = _samples.In("numbered.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--out", named)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", _samples.SparseRegression, "--out", numbered)).ExitCode);

        var refused = await CliRun.RunAsync("predict", "--model", named, "--data", _samples.SparseRegression, "--out", _samples.In("p1.csv"));
        var accepted = await CliRun.RunAsync("predict", "--model", numbered, "--data", _samples.SparseRegression, "--out", _samples.In("p2.csv"));

        Assert.Equal(ExitCodes.ModelError, refused.ExitCode);
        Assert.Contains("named columns 'area'", refused.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_samples.In("p1.csv")));
        Assert.Equal(0, accepted.ExitCode);
    }

    [Fact]
    public async Task Predict_does_not_read_the_label_column_and_a_directory_as_data_is_named_as_such()
    {
        var model = _samples.In("model.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--out", model)).ExitCode);
        var lines = await File.ReadAllLinesAsync(_samples.Housing);
        var unlabelled = _samples.Write("unlabelled.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',')[..4]))) + "\n");

        var unknown = _samples.Write("unknown.csv", string.Join('\n', lines.Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',')[..4]) + ",n/a")) + "\n");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", unlabelled, "--out", _samples.In("p.csv"));
        var notRead = await CliRun.RunAsync("predict", "--model", model, "--data", unknown, "--out", _samples.In("u.csv")); // labels are not read
        var directory = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Scratch, "--out", _samples.In("q.csv"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(lines.Length, (await File.ReadAllLinesAsync(_samples.In("p.csv"))).Length);
        Assert.Equal(0, notRead.ExitCode);
        Assert.Equal(await File.ReadAllLinesAsync(_samples.In("p.csv")), await File.ReadAllLinesAsync(_samples.In("u.csv")));
        Assert.Equal(ExitCodes.DataError, directory.ExitCode);
        Assert.Contains("is a directory", directory.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_reports_r2_rmse_and_mae_for_regression()
    {
        var model = _samples.In("linreg.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--solver", "normal", "--out", model)).ExitCode);

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Housing, "--json");

        Assert.Equal(0, run.ExitCode);
        var metrics = run.Json().GetProperty("metrics");
        Assert.True(metrics.GetProperty("r2").GetDouble() > 0.98);
        Assert.InRange(metrics.GetProperty("rmse").GetDouble(), 9, 11.5);
        Assert.True(metrics.GetProperty("mae").GetDouble() < metrics.GetProperty("rmse").GetDouble());
    }

    [Fact]
    public async Task Evaluate_reports_inertia_and_adjusted_rand_index_for_kmeans()
    {
        var model = _samples.In("kmeans.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--out", model)).ExitCode);

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Blobs, "--json");

        Assert.Equal(0, run.ExitCode);
        var metrics = run.Json().GetProperty("metrics");
        Assert.True(metrics.GetProperty("inertia").GetDouble() > 0);
        Assert.Equal(1.0, metrics.GetProperty("adjusted_rand_index").GetDouble(), 9);
    }

    public void Dispose() => _samples.Dispose();
}
