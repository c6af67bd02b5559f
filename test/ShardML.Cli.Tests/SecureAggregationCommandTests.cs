using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;

namespace ShardML.Cli.Tests;

/// <summary><c>train … --secure-aggregation</c> on the embedded silo, and what it refuses.</summary>
public sealed class SecureAggregationCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task The_embedded_silo_accepts_masking_and_trains_close_to_the_clear_path()
    {
        string[] common = ["--data", _samples.Housing, "--solver", "normal", "--partitions", "3"];
        var clear = await CliRun.RunAsync(["train", "linreg", .. common, "--out", _samples.In("clear.json")]);
        var masked = await CliRun.RunAsync(["train", "linreg", .. common, "--secure-aggregation", "masking", "--out", _samples.In("masked.json"), "--json"]);

        Assert.Equal(0, clear.ExitCode);
        Assert.True(masked.ExitCode == 0, masked.StandardError);
        var a = Assert.IsType<LinearRegressionModel>(await ModelFile.LoadAsync(_samples.In("clear.json"), CancellationToken.None));
        var b = Assert.IsType<LinearRegressionModel>(await ModelFile.LoadAsync(_samples.In("masked.json"), CancellationToken.None));
        for (var j = 0; j < a.Weights[0].Length; j++)
        {
            Assert.Equal(a.Weights[0][j], b.Weights[0][j], 1e-6 * Math.Max(1, Math.Abs(a.Weights[0][j])));
        }

        Assert.True(masked.Json().GetProperty("metrics").GetProperty("r2").GetDouble() > 0.5);
    }

    [Fact]
    public async Task Kmeans_under_secure_aggregation_refuses_kmeans_parallel_and_takes_a_uniform_start()
    {
        var refused = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--secure-aggregation", "masking");
        var uniform = await CliRun.RunAsync(
            "train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--secure-aggregation", "masking", "--init", "uniform:-15:15",
            "--out", _samples.In("kmeans.json"), "--json");

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("--init", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("k-means||", refused.StandardError, StringComparison.Ordinal);
        Assert.True(uniform.ExitCode == 0, uniform.StandardError);
        var model = Assert.IsType<KMeansModel>(await ModelFile.LoadAsync(_samples.In("kmeans.json"), CancellationToken.None));
        Assert.Equal(KMeansInitialization.Uniform, model.Hyperparameters.Initialization);
        Assert.False(uniform.Json().GetProperty("metrics").TryGetProperty("adjusted_rand_index", out _)); // the contingency table is not a sum
    }

    [Fact]
    public async Task Secure_aggregation_without_TLS_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--secure-aggregation", "masking", "--cluster", "redis://127.0.0.1:1", "--insecure");
        var unknown = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--secure-aggregation", "shamir");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--insecure", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("masking", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distributed_noise_trains_under_masking_records_its_placement_and_is_refused_without_it()
    {
        var bounds = _samples.Write("bounds.csv", "feature,lower,upper\ntenure_months,0,72\nmonthly_charges,0,150\nsupport_calls,0,10\ncontract_years,0,3\n");
        string[] job =
        [
            "train", "logreg", "--data", _samples.Churn, "--label", "churned", "--dp-epsilon", "1", "--standardize", "--feature-bounds", bounds,
            "--dp-test-seed", "5", "--partitions", "4", "--dp-noise", "distributed",
        ];

        var run = await CliRun.RunAsync([.. job, "--secure-aggregation", "masking", "--json"]);
        var clear = await CliRun.RunAsync(job);
        var adassp = await CliRun.RunAsync(
            "train", "linreg", "--data", _samples.Housing, "--dp-epsilon", "1", "--solver", "normal", "--feature-bounds", bounds, "--label-bounds", "0,10",
            "--dp-noise", "distributed", "--secure-aggregation", "masking");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var privacy = run.Json().GetProperty("model").GetProperty("summary").GetProperty("privacy");
        Assert.Equal("distributed", privacy.GetProperty("noisePlacement").GetString());
        Assert.Equal(4, privacy.GetProperty("noiseShares").GetInt32());
        Assert.Contains("noise added in 4 shares", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, clear.ExitCode);
        Assert.Contains("--dp-noise distributed", clear.StandardError, StringComparison.Ordinal);
        Assert.Contains("--secure-aggregation masking or paillier", clear.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, adassp.ExitCode);
        Assert.Contains("AdaSSP", adassp.StandardError, StringComparison.Ordinal);
        Assert.Contains("--dp-noise distributed", adassp.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
