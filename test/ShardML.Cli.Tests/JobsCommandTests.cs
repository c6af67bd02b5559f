using System.Text.Json;
using ShardML.Algorithms;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Runtime;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;

namespace ShardML.Cli.Tests;

/// <summary>
/// <c>shardml jobs list|forget|gc</c> on an embedded silo's state directory, and what a plain <c>train</c> leaves there:
/// nothing, since a job shorter than the checkpoint period writes no checkpoint and a reported job is forgotten.
/// </summary>
public sealed class JobsCommandTests : IDisposable
{
    private static readonly string[] JobStates = ["job", "checkpoint-a", "checkpoint-b"];
    private readonly Samples _samples = new();

    [Fact]
    public async Task A_train_run_leaves_no_checkpoint_and_no_job_file_behind()
    {
        var state = _samples.In("state");

        var run = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--state-dir", state, "--out", _samples.In("m.json"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Empty(JobFiles(state));
        var list = await CliRun.RunAsync("jobs", "list", "--state-dir", state, "--json");
        Assert.True(list.ExitCode == 0, list.StandardError);
        Assert.Equal(0, list.Json().GetProperty("jobs").GetArrayLength());
    }

    [Fact]
    public async Task Jobs_lists_what_is_kept_forgets_one_and_collects_the_old_ones()
    {
        var state = _samples.In("kept");
        await KeepTwoJobsAsync(state);

        var list = await CliRun.RunAsync("jobs", "list", "--state-dir", state, "--json");
        Assert.True(list.ExitCode == 0, list.StandardError);
        var jobs = list.Json().GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!);
        Assert.Equal(["finished", "stopped"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("stopped", jobs["stopped"].GetProperty("status").GetString());
        Assert.Equal("succeeded", jobs["finished"].GetProperty("status").GetString());
        Assert.True(jobs["finished"].GetProperty("hasModel").GetBoolean());
        Assert.All(jobs.Values, j => Assert.Equal("linreg", j.GetProperty("algorithm").GetString()));
        Assert.All(jobs.Values, j => Assert.InRange(j.GetProperty("ageSeconds").GetDouble(), 0, 600));
        Assert.True(jobs["stopped"].GetProperty("storedBytes").GetInt64() > 0);
        var human = await CliRun.RunAsync("jobs", "list", "--state-dir", state);
        Assert.Contains("stopped", human.StandardError, StringComparison.Ordinal);

        var recent = await CliRun.RunAsync("jobs", "gc", "--older-than", "1h", "--state-dir", state, "--json");
        Assert.True(recent.ExitCode == 0, recent.StandardError);
        Assert.Equal(0, recent.Json().GetProperty("jobs").GetArrayLength());
        var dry = await CliRun.RunAsync("jobs", "gc", "--older-than", "0s", "--dry-run", "--state-dir", state, "--json");
        Assert.Equal(2, dry.Json().GetProperty("jobs").GetArrayLength());
        Assert.NotEmpty(JobFiles(state));

        var forget = await CliRun.RunAsync("jobs", "forget", "stopped", "--state-dir", state);
        Assert.True(forget.ExitCode == 0, forget.StandardError);
        Assert.DoesNotContain(JobFiles(state), f => f.Contains("stopped", StringComparison.Ordinal));
        var unknown = await CliRun.RunAsync("jobs", "forget", "stopped", "--state-dir", state);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no job 'stopped'", unknown.StandardError, StringComparison.Ordinal);

        var gc = await CliRun.RunAsync("jobs", "gc", "--older-than", "0s", "--state-dir", state, "--json");
        Assert.True(gc.ExitCode == 0, gc.StandardError);
        Assert.Equal("finished", Assert.Single(gc.Json().GetProperty("jobs").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(JobFiles(state));
    }

    [Theory]
    [InlineData("7", "a duration such as")]
    [InlineData("-1h", "a duration such as")]
    [InlineData("soon", "a duration such as")]
    public async Task A_bad_duration_is_a_usage_error(string duration, string message)
    {
        var run = await CliRun.RunAsync("jobs", "gc", "--older-than", duration, "--state-dir", _samples.In("none"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();

    /// <summary>Leaves in <paramref name="state"/> a job stopped mid-run and one finished but never collected, as a client that died would.</summary>
    private async Task KeepTwoJobsAsync(string state)
    {
        var regression = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 30, Tolerance = 0 };
        await using var cluster = await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, null, CancellationToken.None, enableChaos: true, new FileStateStore(state));
        var plan = await cluster.PlanAsync(new DatasetOptions { Path = _samples.Housing }, 2, CancellationToken.None);
        await cluster.SubmitAsync("finished", new LinearModelJob(regression), plan, new JobSettings { Algorithm = "linreg" }, CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, (await cluster.WaitForJobAsync("finished", null, TimeSpan.FromMilliseconds(50), CancellationToken.None)).Status);

        var slowed = new JobSettings
        {
            Algorithm = "linreg",
            CheckpointInterval = 2,
            Executor = new ClusterExecutorOptions { Speculation = false, Chaos = new ChaosOptions(0, TimeSpan.FromMilliseconds(100)) },
        };
        await cluster.SubmitAsync("stopped", new LinearModelJob(regression), plan, slowed, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await cluster.JobStatusAsync("stopped", CancellationToken.None)).Checkpoints < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job wrote no checkpoint");
            await Task.Delay(20);
        }

        Assert.Equal(JobStatus.Stopped, (await cluster.StopJobAsync("stopped", CancellationToken.None)).Status);
    }

    private static string[] JobFiles(string state) =>
        [.. JobStates.Select(s => Path.Combine(state, s)).Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))];
}
