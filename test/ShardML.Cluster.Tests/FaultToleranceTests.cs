using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>
/// Faults on a real cluster — silo processes killed with SIGKILL, a driver whose silo dies, too few silos left, a
/// straggling partition — cost time, never bits. Each test gets its own redis-server and three silo processes
/// started with chaos enabled, and compares with the same job on the embedded silo.
/// </summary>
public sealed class FaultToleranceTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] KMeans = ["train", "kmeans", "--k", "8", "--init", "random", "--seed", "3", "--tol", "0", "--label", "species", "--partitions", "6"];
    private static readonly string[] Regression = ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--partitions", "6", "--max-iter", "30", "--tol", "0"];

    /// <summary>Every pass waits 100 ms on partition 0 and nothing speculates, so a job has a middle to be hurt in.</summary>
    private static readonly string[] Slowly = ["--enable-chaos", "--chaos", "delay-partition=0:100ms", "--no-speculation", "--step-timeout", "30", "--checkpoint-every", "3"];

    private readonly Samples _samples = new();
    private RedisServer? _redis;
    private SiloCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await SiloCluster.StartAsync(_redis.Uri, silos: 3);
    }

    [Theory]
    [InlineData("kmeans")]
    [InlineData("linreg")]
    public async Task A_silo_killed_with_sigkill_mid_job_costs_a_retry_and_the_model_has_the_bits_of_an_undisturbed_run(string algorithm)
    {
        var (job, data) = algorithm == "kmeans" ? (KMeans, _samples.Blobs) : (Regression, _samples.Housing);
        var undisturbed = await TrainEmbeddedAsync(algorithm, job, data);

        var run = await ModelComparison.TrainOnAsync(_cluster, _samples.In($"{algorithm}-killed.json"), [.. job, "--data", data], [.. Slowly, "--chaos", "kill-silo@iteration=4"]);

        var json = run.Json();
        var notes = json.GetProperty("job").GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToArray();
        Assert.Contains(notes, n => n.StartsWith("chaos: killed a silo", StringComparison.Ordinal));
        Assert.True(_cluster.Silos.Count(s => !s.HasExited) == 2, $"no silo died: {string.Join("; ", notes)}");
        // The dead silo's partitions were reloaded elsewhere — or, when its death also lost the driver's directory
        // entry, a new driver resumed the job from its checkpoint on a freshly loaded dataset.
        var report = json.GetProperty("job");
        Assert.True(
            json.GetProperty("execution").GetProperty("reloadedPartitions").GetInt32() >= 1 || report.GetProperty("starts").GetInt32() == 2,
            $"no partition moved off the dead silo and no driver took over; job: {report}");
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In($"{algorithm}-killed.json")));
    }

    [Fact]
    public async Task A_silo_stopped_with_sigterm_mid_job_leaves_cleanly_and_the_job_finishes_with_the_same_bits()
    {
        var undisturbed = await TrainEmbeddedAsync("linreg", Regression, _samples.Housing);

        var training = CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--out", _samples.In("sigterm.json"), "--json", .. _cluster.ClientArguments, .. Slowly]);
        await Task.Delay(TimeSpan.FromSeconds(2)); // thirty slowed iterations take three seconds or more
        var leaving = _cluster.Silos[1];
        leaving.Terminate();
        var run = await training;

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(0, await leaving.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("stopped", leaving.StandardError, StringComparison.Ordinal);
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("sigterm.json")));
    }

    [Fact]
    public async Task A_job_survives_the_death_of_the_silo_that_drives_it_and_resumes_from_its_checkpoint()
    {
        var undisturbed = await TrainEmbeddedAsync("linreg", Regression, _samples.Housing);

        var run = await ModelComparison.TrainOnAsync(_cluster, _samples.In("driver-killed.json"), [.. Regression, "--data", _samples.Housing], [.. Slowly, "--chaos", "kill-driver@iteration=7"]);

        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("driver-killed.json")));
        var job = run.Json().GetProperty("job");
        Assert.Equal(2, job.GetProperty("starts").GetInt32());
        Assert.True(job.GetProperty("resumedFromIteration").GetInt32() >= 3);
    }

    [Fact]
    public async Task With_too_few_silos_left_the_job_stops_within_the_recovery_timeout_and_resumes_once_a_silo_is_back()
    {
        var undisturbed = await TrainEmbeddedAsync("linreg", Regression, _samples.Housing);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var failed = await CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", "too-few", "--json", .. _cluster.ClientArguments, .. Slowly,
            "--min-silos", "3", "--recovery-timeout", "4", "--chaos", "kill-silo@iteration=4"]);

        Assert.Equal(ShardML.Cli.ExitCodes.ClusterError, failed.ExitCode);
        Assert.Contains("fewer than the 3 the job needs", failed.Json().GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"it took {clock.Elapsed.TotalSeconds:F0} s to give up");

        await _cluster.AddSiloAsync();
        await _cluster.WaitUntilAllActiveAsync();
        var resumed = await CliRun.RunAsync(["train", "--resume", "too-few", "--out", _samples.In("too-few.json"), "--json", .. _cluster.ClientArguments]);

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("too-few.json")));
        Assert.True(resumed.Json().GetProperty("job").GetProperty("resumedFromIteration").GetInt32() >= 3);
    }

    [Fact]
    public async Task A_partition_that_straggles_on_its_silo_is_run_again_elsewhere_and_no_pass_waits_for_it()
    {
        var undisturbed = await TrainEmbeddedAsync("linreg", Regression, _samples.Housing);

        var run = await ModelComparison.TrainOnAsync(_cluster, _samples.In("straggler.json"), [.. Regression, "--data", _samples.Housing], "--enable-chaos", "--chaos", "delay-partition=2:6s");

        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("straggler.json")));
        var execution = run.Json().GetProperty("execution");
        Assert.True(execution.GetProperty("speculations").GetInt32() >= 1);
        Assert.All(execution.GetProperty("perPass").EnumerateArray(), p => Assert.True(p.GetProperty("wallSeconds").GetDouble() < 3, $"a pass took {p.GetProperty("wallSeconds").GetDouble():F2} s against a 6 s straggler"));
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

    private async Task<string> TrainEmbeddedAsync(string name, string[] job, string data)
    {
        var path = _samples.In(name + "-embedded.json");
        await ModelComparison.TrainAsync(path, [.. job, "--data", data], "--state-dir", Path.Combine(_samples.Scratch, "embedded-state"));
        return ModelComparison.Learned(path);
    }
}
