namespace ShardML.Cli.Tests.Hostile;

/// <summary>
/// A disk that is full, or fills during a job (a tmpfs of a few hundred kilobytes): a clear error, no stack trace, no
/// temporary file left to keep the disk full, and a model that was computed is never lost.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private static readonly string[] Regression = ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--partitions", "4", "--max-iter", "30", "--tol", "0"];
    private readonly Samples _samples = new();

    [SmallDiskFact]
    public async Task Convert_onto_a_full_disk_exits_1_and_leaves_no_temporary_file()
    {
        using var disk = new SmallDisk(256);
        disk.Fill();

        var run = await CliRun.RunAsync("convert", "--data", _samples.Housing, "--out", disk.In("housing.shard"));

        HostileInputTests.AssertClear(run, ExitCodes.Failure);
        Assert.Contains("No space left on device", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(disk.Leftovers());
    }

    [SmallDiskFact]
    public async Task A_model_that_cannot_be_written_to_out_stays_with_its_job_for_another_out()
    {
        var undisturbed = await TrainAsync(_samples.In("undisturbed.json"), "--state-dir", _samples.In("undisturbed-state"));
        using var disk = new SmallDisk(256);
        disk.Fill();
        var state = _samples.In("state");

        var full = await CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", "full-out", "--state-dir", state, "--out", disk.In("model.json")]);
        var saved = await CliRun.RunAsync("train", "--resume", "full-out", "--state-dir", state, "--out", _samples.In("saved.json"));

        HostileInputTests.AssertClear(full, ExitCodes.Failure);
        Assert.Contains("job full-out keeps it: save it with shardml train --resume full-out --out FILE", full.StandardError, StringComparison.Ordinal);
        Assert.Empty(disk.Leftovers());
        Assert.True(saved.ExitCode == 0, saved.StandardError);
        Assert.Equal(undisturbed, LearnedNumbers.OfFile(_samples.In("saved.json")));
    }

    [SmallDiskFact]
    public async Task A_job_whose_state_store_is_full_is_refused_before_it_starts_and_leaves_no_temporary_file()
    {
        using var disk = new SmallDisk(256);
        disk.Fill();

        var run = await CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", "full-state", "--state-dir", disk.In("state")]);

        HostileInputTests.AssertClear(run, ExitCodes.Failure);
        Assert.Contains($"the state store ({disk.In("state")}) could not record job full-state: No space left on device", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(disk.Leftovers(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [SmallDiskFact]
    public async Task A_disk_that_fills_during_training_costs_its_checkpoints_but_not_the_model()
    {
        var undisturbed = await TrainAsync(_samples.In("undisturbed.json"), "--state-dir", _samples.In("undisturbed-state"));
        using var disk = new SmallDisk(1024);
        var state = disk.In("state");
        var jobId = $"fills-{Guid.NewGuid():N}"[..14];
        var rescue = Path.Combine(Path.GetTempPath(), $"shardml-{jobId}.model.json");
        try
        {
            var training = CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--job-id", jobId, "--state-dir", state, "--out", disk.In("model.json"),
                "--checkpoint-every", "2", "--enable-chaos", "--chaos", "delay-partition=0:100ms"]);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!Directory.Exists(Path.Combine(state, "checkpoint-a")) || !Directory.EnumerateFiles(Path.Combine(state, "checkpoint-a"), "*.state", SearchOption.AllDirectories).Any())
            {
                Assert.False(training.IsCompleted, $"the job ended before the disk filled: {(training.IsCompleted ? training.Result.StandardError : string.Empty)}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint was written");
                await Task.Delay(20);
            }

            CliRun run;
            await using (disk.KeepFull())
            {
                run = await training;
            }

            // A finished job deletes its checkpoints before its model is written, which may free enough of the disk for
            // --out; if not, the model is rescued beside it. Either way the model survives, with the undisturbed bits.
            if (run.ExitCode == 0)
            {
                Assert.Equal(undisturbed, LearnedNumbers.OfFile(disk.In("model.json")));
            }
            else
            {
                HostileInputTests.AssertClear(run, ExitCodes.Failure);
                Assert.Contains($"it was saved to {rescue} instead", run.StandardError, StringComparison.Ordinal);
                Assert.Equal(undisturbed, LearnedNumbers.OfFile(rescue));
            }

            Assert.DoesNotContain(disk.Leftovers(), f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.Contains(".tmp-", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(rescue);
        }
    }

    public void Dispose() => _samples.Dispose();

    private async Task<string> TrainAsync(string model, params string[] where)
    {
        var run = await CliRun.RunAsync([.. Regression, "--data", _samples.Housing, "--out", model, .. where]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return LearnedNumbers.OfFile(model);
    }
}
