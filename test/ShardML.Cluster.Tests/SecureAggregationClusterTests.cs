using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>
/// Secure aggregation across silo processes with mutual TLS: the model has the bits of the embedded silo under the same
/// flag, with masking and with Paillier, and still after a silo is killed with SIGKILL mid-job.
/// </summary>
public sealed class SecureAggregationClusterTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Regression =
        ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--partitions", "6", "--max-iter", "30", "--tol", "0", "--secure-aggregation", "masking"];

    private readonly Samples _samples = new();
    private RedisServer? _redis;
    private SiloCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await SiloCluster.StartAsync(_redis.Uri, silos: 3);
    }

    [Fact]
    public async Task Masked_training_has_the_bits_of_the_embedded_silo_and_keeps_them_when_a_silo_is_killed_mid_job()
    {
        string[] job = [.. Regression, "--data", _samples.Housing];
        var embedded = await TrainEmbeddedAsync("masked", job);

        var undisturbed = await ModelComparison.TrainOnAsync(_cluster, _samples.In("masked-cluster.json"), job);
        var killed = await ModelComparison.TrainOnAsync(
            _cluster, _samples.In("masked-killed.json"), job,
            "--enable-chaos", "--chaos", "delay-partition=0:100ms", "--chaos", "kill-silo@iteration=4", "--step-timeout", "30", "--checkpoint-every", "3");

        Assert.Equal(embedded, ModelComparison.Learned(_samples.In("masked-cluster.json")));
        Assert.Equal(3, undisturbed.Json().GetProperty("execution").GetProperty("perPass").EnumerateArray().Max(p => p.GetProperty("silos").GetInt32()));
        Assert.True(_cluster.Silos.Count(s => !s.HasExited) == 2, "no silo died");
        var notes = killed.Json().GetProperty("job").GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToArray();
        Assert.Contains(notes, n => n.StartsWith("chaos: killed a silo", StringComparison.Ordinal));
        Assert.Equal(embedded, ModelComparison.Learned(_samples.In("masked-killed.json")));
    }

    [Fact]
    public async Task Paillier_training_has_the_bits_of_the_embedded_silo()
    {
        string[] job = ["train", "linreg", "--solver", "normal", "--partitions", "5", "--secure-aggregation", "paillier", "--data", _samples.Housing];
        var embedded = await TrainEmbeddedAsync("paillier", job);

        var run = await ModelComparison.TrainOnAsync(_cluster, _samples.In("paillier-cluster.json"), job);

        Assert.Equal(embedded, ModelComparison.Learned(_samples.In("paillier-cluster.json")));
        Assert.True(run.Json().GetProperty("metrics").GetProperty("r2").GetDouble() > 0.5);
    }

    [Fact]
    public async Task Distributed_noise_under_masking_has_the_bits_of_the_embedded_silo_since_each_partition_draws_its_share()
    {
        var bounds = Path.Combine(_samples.Scratch, "bounds.csv");
        await File.WriteAllTextAsync(bounds, "feature,lower,upper\ntenure_months,0,72\nmonthly_charges,0,150\nsupport_calls,0,10\ncontract_years,0,3\n");
        string[] job =
        [
            "train", "logreg", "--data", _samples.Churn, "--label", "churned", "--dp-epsilon", "1", "--standardize", "--feature-bounds", bounds,
            "--dp-test-seed", "5", "--partitions", "6", "--dp-noise", "distributed", "--secure-aggregation", "masking",
        ];
        var embedded = await TrainEmbeddedAsync("distributed", job);

        var run = await ModelComparison.TrainOnAsync(_cluster, _samples.In("distributed-cluster.json"), job);

        Assert.Equal(embedded, ModelComparison.Learned(_samples.In("distributed-cluster.json")));
        Assert.Equal("distributed", run.Json().GetProperty("model").GetProperty("summary").GetProperty("privacy").GetProperty("noisePlacement").GetString());
    }

    public async Task DisposeAsync()
    {
        // Null when InitializeAsync failed before the cluster started: the store must still be stopped.
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public void Dispose() => _samples.Dispose();

    private async Task<string> TrainEmbeddedAsync(string name, string[] job)
    {
        var path = _samples.In(name + "-embedded.json");
        await ModelComparison.TrainAsync(path, job, "--state-dir", Path.Combine(_samples.Scratch, "embedded-state"));
        return ModelComparison.Learned(path);
    }
}
