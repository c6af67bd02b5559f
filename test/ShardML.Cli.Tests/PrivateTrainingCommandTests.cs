namespace ShardML.Cli.Tests;

public sealed class PrivateTrainingCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Train_with_dp_epsilon_reports_what_it_spent_and_no_training_metrics()
    {
        var bounds = _samples.Write("bounds.csv", "feature,lower,upper\ntenure_months,0,72\nmonthly_charges,0,150\nsupport_calls,0,10\ncontract_years,0,3\n");
        var model = _samples.In("private.json");

        var run = await CliRun.RunAsync(
            "train", "logreg", "--data", _samples.Churn, "--label", "churned", "--dp-epsilon", "1", "--dp-delta", "1e-5", "--standardize",
            "--feature-bounds", bounds, "--dp-test-seed", "5", "--out", model, "--json");
        var evaluate = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Churn, "--json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var privacy = run.Json().GetProperty("model").GetProperty("summary").GetProperty("privacy");
        Assert.InRange(privacy.GetProperty("epsilon").GetDouble(), 0.9, 1.0);
        Assert.Equal(1e-5, privacy.GetProperty("delta").GetDouble());
        Assert.True(privacy.GetProperty("testSeed").GetBoolean());
        Assert.Empty(run.Json().GetProperty("metrics").EnumerateObject());
        Assert.Contains("TEST SEED", run.StandardError, StringComparison.Ordinal);
        Assert.True(evaluate.Json().GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.7, evaluate.StandardOutput);
    }

    [Theory]
    [InlineData("--noise-multiplier", "1.5", "--noise-multiplier applies to differentially private training: add --dp-epsilon")]
    [InlineData("--dp-epsilon", "-1", "ε (--dp-epsilon) must be a finite number > 0")]
    public async Task Privacy_options_that_cannot_work_are_usage_errors(string option, string value, string message)
    {
        var run = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standardizing_a_private_model_without_public_bounds_is_refused()
    {
        var run = await CliRun.RunAsync("train", "svm", "--data", _samples.Churn, "--dp-epsilon", "2", "--standardize");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--standardize under differential privacy needs public feature bounds (--feature-bounds)", run.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
