using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;
using ShardML.Testing;

namespace ShardML.Runtime.Tests;

/// <summary>
/// Jobs driven by a grain on a three-silo cluster whose job state lives in files: a driver that dies, a job that is
/// stopped and resumed, a checkpoint that is corrupt. Each test has a cluster of its own; passes are slowed (a
/// delayed partition, no speculation) so that there is a "middle" of the job to act in.
/// </summary>
public sealed class JobTests : IAsyncLifetime, IDisposable
{
    private static readonly LinearModelOptions Regression = new() { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 24, Tolerance = 0 };
    private readonly SampleFiles _files = new();
    private readonly string _state = Directory.CreateTempSubdirectory("shardml-jobs-").FullName;
    private InProcessTestCluster _cluster = null!;
    private ShardCluster _shard = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes, enableChaos: true, new FileStateStore(_state), reviveOrphansEvery: TimeSpan.FromSeconds(1)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _shard = ShardCluster.FromGrainFactory(_cluster.Client, AlgorithmCatalog.WireTypes);
    }

    [Fact]
    public async Task A_job_gives_the_model_of_the_trainer_run_in_memory()
    {
        var plan = Plan();

        var status = await RunToEndAsync("plain", plan, Slowed(delay: TimeSpan.Zero));

        Assert.Equal(JobStatus.Succeeded, status.Status);
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(status.ModelJson!));
        Assert.Equal(1, status.Starts);
        Assert.True(status.Checkpoints >= 4, $"{status.Checkpoints} checkpoints");
        Assert.Contains("r2", status.Metrics!.Keys);
    }

    [Fact]
    public async Task A_job_on_text_columns_and_gaps_learns_its_preprocessing_on_the_cluster_and_notes_the_rows_it_dropped()
    {
        var csv = _files.Write("shop.csv", "color,size,price\n" + string.Concat(Enumerable.Range(0, 400).Select(i =>
            $"{(i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : "green")},{(i % 9 == 0 ? "" : (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))},{10 + (i % 3) + (i % 10)}\n")));
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = csv, Missing = Core.Data.Preprocessing.MissingValues.Drop }, 5);

        var status = await RunToEndAsync("shop", plan, Slowed(delay: TimeSpan.Zero));

        Assert.Equal(JobStatus.Succeeded, status.Status);
        var model = ModelFile.FromJson(status.ModelJson!);
        Assert.Equal(["color=blue", "color=green", "color=red", "color=<other>", "size"], model.FeatureNames);
        Assert.NotNull(model.Preprocessing);
        Assert.Contains("dropped 45 of 400 rows for a missing value (`Missing` = drop)", model.Summary.Notes);
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(status.ModelJson!));
        Assert.Contains(status.Statistics.PerPass, p => p.Step == "ColumnProfileStep");
    }

    [Fact]
    public async Task A_job_whose_driver_silo_dies_resumes_on_another_silo_from_its_checkpoint_with_the_same_bits()
    {
        var plan = Plan();
        var jobId = await JobIdOffThePrimarySiloAsync();
        await _shard.SubmitAsync(jobId, new LinearModelJob(Regression), plan, Slowed(), CancellationToken.None);
        var before = await WaitUntilAsync(jobId, s => s.Checkpoints >= 2);

        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.DriverSilo));
        var status = await _shard.WaitForJobAsync(jobId, null, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, status.Status);
        Assert.Equal(2, status.Starts);
        Assert.NotEqual(before.DriverSilo, status.DriverSilo);
        Assert.True(status.ResumedFromIteration >= before.LastCheckpointIteration, $"resumed from {status.ResumedFromIteration}, but iteration {before.LastCheckpointIteration} was saved");
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(status.ModelJson!));
    }

    [Fact]
    public async Task A_job_whose_driver_silo_dies_resumes_by_itself_while_nobody_asks_about_it()
    {
        var plan = Plan();
        var jobId = await JobIdOffThePrimarySiloAsync();
        await _shard.SubmitAsync(jobId, new LinearModelJob(Regression), plan, Slowed(), CancellationToken.None);
        var before = await WaitUntilAsync(jobId, s => s.Checkpoints >= 2);
        Assert.Contains(jobId, await RunningJobsAsync());

        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.DriverSilo));
        // Only the registry is watched from here: asking the job itself would be what revives it.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await RunningJobsAsync()).Contains(jobId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} was not revived: it is still listed as running, and nothing drives it");
            await Task.Delay(250);
        }

        var status = await _shard.JobStatusAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, status.Status);
        Assert.Equal(2, status.Starts);
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(status.ModelJson!));
    }

    [Fact]
    public async Task A_job_whose_driver_is_lost_a_third_time_within_minutes_is_quarantined_instead_of_revived_and_a_resume_runs_it_again()
    {
        var plan = Plan();
        var jobId = await JobIdOffThePrimarySiloAsync();
        await _shard.SubmitAsync(jobId, new LinearModelJob(Regression), plan, Slowed(), CancellationToken.None);

        // Deactivating the driver's grain is what a dying silo does to it: the next activation finds the job "running".
        for (var loss = 1; loss <= 3; loss++)
        {
            await WaitUntilAsync(jobId, s => s.Starts == loss && s.Iteration >= 1);
            await _cluster.DeactivateAsync(_cluster.Client.GetGrain<Grains.IJobGrain>(jobId));
        }

        var status = await _shard.JobStatusAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, status.Status);
        Assert.Equal(JobErrorKind.Cluster, status.ErrorKind);
        Assert.Contains("quarantined: its driver was lost 3 times within", status.Error, StringComparison.Ordinal);
        Assert.Equal(3, status.Starts);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the registry asks every second: it must not revive it
        Assert.DoesNotContain(jobId, await RunningJobsAsync());
        Assert.Equal(JobStatus.Failed, (await _shard.JobStatusAsync(jobId, CancellationToken.None)).Status);

        await _shard.ResumeJobAsync(jobId, null, CancellationToken.None);
        var resumed = await _shard.WaitForJobAsync(jobId, null, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, resumed.Status);
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(resumed.ModelJson!));
    }

    [Fact]
    public async Task A_stopped_job_resumes_and_a_corrupt_latest_checkpoint_is_skipped_for_the_one_before()
    {
        var plan = Plan();
        await _shard.SubmitAsync("stop-and-resume", new LinearModelJob(Regression), plan, Slowed() with { CheckpointInterval = 2 }, CancellationToken.None);
        await WaitUntilAsync("stop-and-resume", s => s.Checkpoints >= 3);

        var stopped = await _shard.StopJobAsync("stop-and-resume", CancellationToken.None);
        var latest = stopped.LastCheckpointIteration!.Value;
        await _shard.ResumeJobAsync("stop-and-resume", new JobSettingsOverride { CorruptCheckpointOnResume = true }, CancellationToken.None);
        var status = await _shard.WaitForJobAsync("stop-and-resume", null, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.Equal(JobStatus.Stopped, stopped.Status);
        Assert.Equal(JobStatus.Succeeded, status.Status);
        Assert.Equal(latest - 2, status.ResumedFromIteration);
        Assert.Contains(status.Notes, n => n.Contains("failed its checksum", StringComparison.Ordinal));
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(status.ModelJson!));
    }

    [Fact]
    public async Task Submitting_an_id_again_reports_on_the_same_job_and_refuses_another_one_under_it()
    {
        var plan = Plan();
        await _shard.SubmitAsync("twice", new LinearModelJob(Regression), plan, Slowed(), CancellationToken.None);

        var again = await _shard.SubmitAsync("twice", new LinearModelJob(Regression), plan, Slowed(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _shard.SubmitAsync("twice", new LinearModelJob(Regression with { L2 = 0.5 }), plan, Slowed(), CancellationToken.None));

        Assert.Equal("twice", again.JobId);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        await _shard.StopJobAsync("twice", CancellationToken.None);
    }

    [Fact]
    public async Task An_unknown_job_is_reported_as_unknown_and_chaos_is_refused_by_silos_without_it()
    {
        var status = await _shard.JobStatusAsync("never-submitted", CancellationToken.None);

        Assert.Equal(JobStatus.Unknown, status.Status);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes, enableChaos: false, new FileStateStore(_state)));
        await using var plain = builder.Build();
        await plain.DeployAsync();
        var shard = ShardCluster.FromGrainFactory(plain.Client, AlgorithmCatalog.WireTypes);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => shard.SubmitAsync("chaotic", new LinearModelJob(Regression), Plan(), Slowed(), CancellationToken.None));
        Assert.Contains("--enable-chaos", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    /// <summary>The registry's list; a call lost with a dying silo is asked again.</summary>
    private async Task<string[]> RunningJobsAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _cluster.Client.GetGrain<Grains.IJobRegistryGrain>(0).RunningAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception) when (attempt < 10)
            {
                await Task.Delay(500);
            }
        }
    }

    [Fact]
    public async Task A_job_whose_data_the_silos_cannot_hold_fails_before_loading_is_not_revived_and_resumes_with_the_check_off()
    {
        // The file holds 2,000 rows; its plan claims 10^11 per partition (1.6 TB as floats), which no silo has free.
        var plan = Plan();
        var claimed = new DatasetPlan(plan.Schema, [.. plan.Partitions.Select(p => p with { EstimatedRows = 100_000_000_000 })]);

        var refused = await RunToEndAsync("too-big", claimed, Slowed(delay: TimeSpan.Zero));

        Assert.Equal(JobStatus.Failed, refused.Status);
        Assert.Equal(JobErrorKind.Cluster, refused.ErrorKind);
        Assert.StartsWith("the data needs 6400.0 GB in memory, the cluster can hold ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(3 silos:", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, refused.Starts);
        await Task.Delay(TimeSpan.FromSeconds(2)); // two rounds of the orphan reviver: a failed job is not its business
        Assert.DoesNotContain("too-big", await RunningJobsAsync());
        Assert.Equal(1, (await _shard.JobStatusAsync("too-big", CancellationToken.None)).Starts);

        await _shard.ResumeJobAsync("too-big", new JobSettingsOverride { MemoryCheck = false }, CancellationToken.None);
        var resumed = await _shard.WaitForJobAsync("too-big", null, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, resumed.Status);
        Assert.Equal(await InMemoryAsync(plan), LearnedNumbers.Of(resumed.ModelJson!));
    }

    private DatasetPlan Plan() => DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 4);

    /// <summary>Every pass waits on partition 0 (on its first silo), and no speculative copy cuts that short.</summary>
    private static JobSettings Slowed(TimeSpan? delay = null) => new()
    {
        CheckpointInterval = 3,
        Executor = new ClusterExecutorOptions { Speculation = false, Chaos = new ChaosOptions(0, delay ?? TimeSpan.FromMilliseconds(120)) },
    };

    private async Task<JobStatusReport> RunToEndAsync(string jobId, DatasetPlan plan, JobSettings settings)
    {
        await _shard.SubmitAsync(jobId, new LinearModelJob(Regression), plan, settings, CancellationToken.None);
        return await _shard.WaitForJobAsync(jobId, null, TimeSpan.FromMilliseconds(50), CancellationToken.None);
    }

    private async Task<JobStatusReport> WaitUntilAsync(string jobId, Func<JobStatusReport, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var status = await _shard.JobStatusAsync(jobId, CancellationToken.None);
            Assert.True(status.Status == JobStatus.Running, $"job {jobId} ended early: {status.Status} {status.Error}");
            if (condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not get there: iteration {status.Iteration}, {status.Checkpoints} checkpoints");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// A job id whose driver activates on a secondary silo: the test cluster keeps its membership on the primary,
    /// which therefore cannot be the one to die.
    /// </summary>
    private async Task<string> JobIdOffThePrimarySiloAsync()
    {
        var primary = _cluster.Silos[0].SiloAddress.ToParsableString();
        for (var i = 0; ; i++)
        {
            var id = $"driver-dies-{i}";
            if ((await _shard.JobStatusAsync(id, CancellationToken.None)).DriverSilo != primary)
            {
                return id;
            }
        }
    }

    private static async Task<string> InMemoryAsync(DatasetPlan plan)
    {
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var model = await new LinearModelTrainer().TrainAsync(local, Regression, null, CancellationToken.None);
        return LearnedNumbers.Of(ModelFile.ToJson(model));
    }
}
