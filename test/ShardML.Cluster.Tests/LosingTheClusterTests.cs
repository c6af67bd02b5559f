using ShardML.Cluster.Tests.Support;
using ShardML.Runtime;
using ShardML.Runtime.Jobs;

namespace ShardML.Cluster.Tests;

/// <summary>
/// Losing most of the cluster or its membership store: two of three silos killed (the driver's among them), a job
/// submitted while the dead are still listed, a Redis restarted without persistence. The job finishes on what is left
/// with the bits of an undisturbed run, or ends with a clear error (exit 5) when its state was lost; never a trace.
/// </summary>
public sealed class LosingTheClusterTests : IDisposable
{
    private static readonly string[] Regression = ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--partitions", "6", "--max-iter", "40", "--tol", "0"];

    /// <summary>Every pass waits 100 ms on partition 0 and nothing speculates, so a job has a middle to be hurt in.</summary>
    private static readonly string[] Slowly = ["--enable-chaos", "--chaos", "delay-partition=0:100ms", "--no-speculation", "--step-timeout", "30", "--checkpoint-every", "3"];

    private readonly Samples _samples = new();

    [Fact]
    public async Task Killing_two_of_three_silos_the_drivers_among_them_mid_job_finishes_on_the_survivor_with_the_same_bits()
    {
        var undisturbed = await TrainEmbeddedAsync();
        await using var cluster = await RedisSiloCluster.StartAsync();

        var training = CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", "two-of-three", "--out", _samples.In("survivor.json"), "--json", .. cluster.Silos.ClientArguments, .. Slowly]);
        var status = await WaitForIterationAsync(cluster.Silos, "two-of-three", 6, training);
        var driver = cluster.Silos.SiloAt(status.DriverSilo);
        driver.Kill();
        cluster.Silos.Silos.First(s => s != driver).Kill();
        var run = await training;

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}\n{cluster.Silos.RecentLogs()}");
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("survivor.json")));
        Assert.Equal(2, run.Json().GetProperty("job").GetProperty("starts").GetInt32()); // the driver came back on the survivor
    }

    [Fact]
    public async Task A_job_submitted_just_after_two_of_three_silos_died_is_retried_and_finishes_with_the_same_bits()
    {
        var undisturbed = await TrainEmbeddedAsync();
        await using var cluster = await RedisSiloCluster.StartAsync();
        cluster.Silos.Silos[1].Kill();
        cluster.Silos.Silos[2].Kill();

        var run = await CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--out", _samples.In("late.json"), "--json", .. cluster.Silos.ClientArguments]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}\n{cluster.Silos.RecentLogs()}");
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("late.json")));
    }

    [Fact]
    public async Task After_redis_restarts_empty_the_silos_join_again_within_30_s_and_a_job_whose_state_survived_finishes_with_the_same_bits()
    {
        var undisturbed = await TrainEmbeddedAsync();
        var state = Path.Combine(_samples.Scratch, "shared-state");
        await using var cluster = await RedisSiloCluster.StartAsync("--state", new Uri(state).AbsoluteUri);

        var training = CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", "wiped-membership", "--out", _samples.In("rejoined.json"), "--json", .. cluster.Silos.ClientArguments, .. Slowly]);
        await WaitForIterationAsync(cluster.Silos, "wiped-membership", 6, training);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cluster.Redis.RestartEmptyAsync();
        while (!cluster.Silos.Silos.All(s => s.StandardOutput.Contains("\"event\": \"rejoined\"", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"not every silo joined again within 30 s:\n{cluster.Silos.RecentLogs()}");
            await Task.Delay(100);
        }

        await cluster.Silos.WaitUntilAllActiveAsync();
        var run = await training;

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}\n{cluster.Silos.RecentLogs()}");
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("rejoined.json")));
        Assert.True(run.Json().GetProperty("job").GetProperty("resumedFromIteration").GetInt32() >= 3);
    }

    [Fact]
    public async Task A_job_whose_state_the_restarted_redis_lost_ends_with_exit_5_saying_the_state_store_lost_it()
    {
        await using var cluster = await RedisSiloCluster.StartAsync(); // jobs kept in the membership's Redis, which forgets them

        var training = CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", "wiped-state", "--out", _samples.In("lost.json"), .. cluster.Silos.ClientArguments, .. Slowly]);
        await WaitForIterationAsync(cluster.Silos, "wiped-state", 6, training);
        await cluster.Redis.RestartEmptyAsync();
        var run = await training;

        Assert.True(run.ExitCode == ShardML.Cli.ExitCodes.ClusterError, $"exit {run.ExitCode}: {run.StandardError}\n{cluster.Silos.RecentLogs()}");
        Assert.Contains("job wiped-state: the state store lost it", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_samples.In("lost.json")));
    }

    public void Dispose() => _samples.Dispose();

    /// <summary>Watches the job through a client of the test's own until it reaches <paramref name="iteration"/>; the client is gone before the faults.</summary>
    private static async Task<JobStatusReport> WaitForIterationAsync(SiloCluster silos, string jobId, int iteration, Task<CliRun> training)
    {
        await using var watcher = await silos.ConnectAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            Assert.False(training.IsCompleted, $"the job ended before the fault: {(training.IsCompleted ? training.Result.StandardError : string.Empty)}");
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not reach iteration {iteration}");
            var status = await watcher.JobStatusAsync(jobId, CancellationToken.None);
            if (status.Status == JobStatus.Running && status.Phase != "loading" && status.Iteration >= iteration)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    private async Task<string> TrainEmbeddedAsync()
    {
        var path = _samples.In("embedded.json");
        await ModelComparison.TrainAsync(path, [.. Regression, "--data", _samples.Housing], "--state-dir", Path.Combine(_samples.Scratch, "embedded-state"));
        return ModelComparison.Learned(path);
    }
}
