using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>
/// The client — here the whole embedded cluster, in one process — is killed with SIGKILL mid-job, and
/// <c>shardml train --resume</c> in a new process finishes the job from its last good checkpoint.
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private static readonly string[] Regression = ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--partitions", "4", "--max-iter", "40", "--tol", "0"];
    private readonly Samples _samples = new();

    [Fact]
    public async Task A_job_whose_client_is_killed_resumes_from_its_checkpoint_to_the_same_model()
    {
        var undisturbed = await UndisturbedAsync();
        var state = Path.Combine(_samples.Scratch, "state");
        await KillMidJobAsync("killed-client", state, checkpoints: 1);

        // The job ran with injected delays; its resume asks for none, so it needs no --enable-chaos.
        var resumed = await CliRun.RunAsync("train", "--resume", "killed-client", "--state-dir", state, "--out", _samples.In("resumed.json"), "--json");

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("resumed.json")));
        var job = resumed.Json().GetProperty("job");
        Assert.Equal(2, job.GetProperty("starts").GetInt32());
        Assert.True(job.GetProperty("resumedFromIteration").GetInt32() >= 3);
    }

    [Fact]
    public async Task A_corrupt_latest_checkpoint_is_detected_and_the_job_resumes_from_the_one_before()
    {
        var undisturbed = await UndisturbedAsync();
        var state = Path.Combine(_samples.Scratch, "state");
        await KillMidJobAsync("corrupted", state, checkpoints: 2);

        var resumed = await CliRun.RunAsync(
            "train", "--resume", "corrupted", "--state-dir", state, "--enable-chaos", "--chaos", "corrupt-checkpoint", "--checkpoint-every", "3", "--out", _samples.In("resumed.json"), "--json");

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        Assert.Equal(undisturbed, ModelComparison.Learned(_samples.In("resumed.json")));
        var notes = resumed.Json().GetProperty("job").GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToArray();
        Assert.Contains(notes, n => n.StartsWith("chaos: corrupted checkpoint", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("failed its checksum and was skipped", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("resumed from the checkpoint of iteration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resuming_on_a_data_file_that_changed_is_refused_at_once_as_a_data_error()
    {
        // Retried as a failing silo, it used to spend the whole recovery timeout and end with exit 5.
        var data = _samples.In("housing-copy.csv");
        File.Copy(_samples.Housing, data);
        var state = Path.Combine(_samples.Scratch, "state");
        await KillMidJobAsync("changed-data", state, checkpoints: 1, data);
        await File.AppendAllTextAsync(data, "1,2,3,0.5,100\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var resumed = await CliRun.RunAsync("train", "--resume", "changed-data", "--state-dir", state, "--out", _samples.In("resumed.json"));

        Assert.Equal(ShardML.Cli.ExitCodes.DataError, resumed.ExitCode);
        Assert.Contains("changed since the job was planned", resumed.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the refusal took {clock.Elapsed.TotalSeconds:F0} s");
        Assert.False(File.Exists(_samples.In("resumed.json")));
    }

    [Fact]
    public async Task Resuming_a_job_nobody_knows_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("train", "--resume", "no-such-job", "--state-dir", Path.Combine(_samples.Scratch, "empty"), "--out", _samples.In("m.json"));

        Assert.Equal(ShardML.Cli.ExitCodes.Usage, run.ExitCode);
        Assert.Contains("no job 'no-such-job'", run.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();

    private async Task<string> UndisturbedAsync()
    {
        var path = _samples.In("undisturbed.json");
        await ModelComparison.TrainAsync(path, [.. Regression, "--data", _samples.Housing], "--state-dir", Path.Combine(_samples.Scratch, "undisturbed-state"));
        return ModelComparison.Learned(path);
    }

    /// <summary>Starts the job in a process of its own, waits until it has written checkpoints, and kills it with SIGKILL.</summary>
    private async Task KillMidJobAsync(string jobId, string state, int checkpoints, string? data = null)
    {
        await using var client = ShardmlProcess.Start(
            _samples.Scratch,
            [.. Regression, "--data", data ?? _samples.Housing, "--job-id", jobId, "--state-dir", state, "--checkpoint-every", "3",
             "--enable-chaos", "--chaos", "delay-partition=0:150ms", "--out", _samples.In("never.json")]);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (CheckpointFiles(state) < checkpoints)
        {
            Assert.False(client.HasExited, $"the job ended before it was killed:\n{client.StandardError}");
            Assert.True(DateTime.UtcNow < deadline, $"no checkpoint appeared in {state}:\n{client.StandardError}");
            await Task.Delay(50);
        }

        client.Kill();
        await client.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(_samples.In("never.json")), "the killed job wrote a model");
    }

    private static int CheckpointFiles(string state) =>
        new[] { "checkpoint-a", "checkpoint-b" }.Count(slot => Directory.Exists(Path.Combine(state, slot))
            && Directory.EnumerateFiles(Path.Combine(state, slot), "*.state", SearchOption.AllDirectories).Any());
}
