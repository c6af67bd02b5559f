namespace ShardML.Cli.Tests;

public sealed class DivergedRunTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Sgd_least_squares_on_raw_housing_features_exits_7_saying_what_to_change_and_writes_no_model()
    {
        var model = _samples.In("sgd.json");

        var run = await CliRun.RunAsync("train", "sgd", "--data", _samples.Housing, "--loss", "squared", "--out", model);

        Assert.Equal(ExitCodes.Diverged, run.ExitCode);
        Assert.Contains("training diverged and no model was written", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("--learning-rate", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("--standardize", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public async Task The_same_run_standardized_trains_and_a_diverged_run_is_a_json_error_with_its_kind()
    {
        var standardized = await CliRun.RunAsync("train", "sgd", "--data", _samples.Housing, "--loss", "squared", "--standardize", "--json");
        var diverged = await CliRun.RunAsync("train", "sgd", "--data", _samples.Housing, "--loss", "squared", "--json");

        Assert.Equal(ExitCodes.Success, standardized.ExitCode);
        Assert.True(standardized.Json().GetProperty("metrics").GetProperty("r2").GetDouble() > 0.99);
        Assert.Equal(ExitCodes.Diverged, diverged.ExitCode);
        Assert.Equal("diverged", diverged.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_r2_that_is_not_a_number_on_one_training_row_is_reported()
    {
        var data = _samples.Write("one.csv", "area,age,y\n1.5,30,386\n");

        var run = await CliRun.RunAsync("train", "linreg", "--data", data, "--l2", "0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("r2 undefined: labels without variance", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
