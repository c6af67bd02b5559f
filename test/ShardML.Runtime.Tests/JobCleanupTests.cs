using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;
using ShardML.Testing;

namespace ShardML.Runtime.Tests;

/// <summary>
/// What a job leaves in its state store: no checkpoint when it is shorter than the checkpoint period, nothing at all
/// once it is forgotten, and until then a record that lists it (<see cref="ShardCluster.KeptJobsAsync"/>) with its
/// algorithm, status, age and size — a stopped job and a finished one whose model was never collected alike.
/// </summary>
public sealed class JobCleanupTests : IAsyncLifetime, IDisposable
{
    private static readonly LinearModelOptions Regression = new() { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 24, Tolerance = 0 };
    private static readonly string[] JobStates = ["job", "checkpoint-a", "checkpoint-b"];
    private readonly SampleFiles _files = new();
    private readonly string _state = Directory.CreateTempSubdirectory("shardml-cleanup-").FullName;
    private InProcessTestCluster _cluster = null!;
    private ShardCluster _shard = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes, enableChaos: true, new FileStateStore(_state)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _shard = ShardCluster.FromGrainFactory(_cluster.Client, AlgorithmCatalog.WireTypes);
    }

    [Fact]
    public async Task A_job_shorter_than_the_period_writes_no_checkpoint_and_once_forgotten_leaves_no_file()
    {
        var status = await RunToEndAsync("short", new JobSettings { Algorithm = "linreg" }); // the default: by time, every 30 s

        Assert.Equal(JobStatus.Succeeded, status.Status);
        Assert.Equal(0, status.Checkpoints);
        Assert.Equal(TimeSpan.FromSeconds(30), new JobSettings().CheckpointPeriod);
        Assert.Equal(["short"], (await _shard.KeptJobsAsync(CancellationToken.None)).Select(j => j.JobId)); // its client has not collected it yet

        await _shard.ForgetJobAsync("short", CancellationToken.None);

        Assert.Empty(await _shard.KeptJobsAsync(CancellationToken.None));
        Assert.Empty(JobFiles());
    }

    [Fact]
    public async Task A_finished_job_keeps_its_record_but_not_its_checkpoints_until_it_is_collected()
    {
        var status = await RunToEndAsync("uncollected", new JobSettings { Algorithm = "linreg", CheckpointInterval = 4 });

        Assert.True(status.Checkpoints >= 5, $"{status.Checkpoints} checkpoints");
        var kept = Assert.Single(await _shard.KeptJobsAsync(CancellationToken.None));
        Assert.Equal(JobStatus.Succeeded, kept.Status);
        Assert.NotNull(kept.ModelJson); // a client that could not write --out collects it later with --resume
        Assert.DoesNotContain(JobFiles(), f => !f.Contains($"{Path.DirectorySeparatorChar}job{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.True(kept.StoredBytes > kept.ModelJson!.Length, $"{kept.StoredBytes} bytes stored");
    }

    [Fact]
    public async Task A_stopped_job_is_listed_with_what_it_keeps_and_forgetting_it_deletes_its_files()
    {
        var settings = new JobSettings
        {
            Algorithm = "linreg",
            CheckpointInterval = 2,
            Executor = new ClusterExecutorOptions { Speculation = false, Chaos = new ChaosOptions(0, TimeSpan.FromMilliseconds(120)) },
        };
        await _shard.SubmitAsync("stopped", new LinearModelJob(Regression), Plan(), settings, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await _shard.JobStatusAsync("stopped", CancellationToken.None)).Checkpoints < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job wrote no two checkpoints");
            await Task.Delay(20);
        }

        await _shard.StopJobAsync("stopped", CancellationToken.None);
        var job = Assert.Single(await _shard.KeptJobsAsync(CancellationToken.None));

        Assert.Equal(("stopped", "linreg", JobStatus.Stopped, false), (job.JobId, job.Algorithm, job.Status, job.Driverless));
        Assert.InRange(job.CreatedUtc, DateTime.UtcNow.AddMinutes(-3), DateTime.UtcNow);
        Assert.True(job.StoredBytes > job.LastCheckpointBytes && job.LastCheckpointBytes > 0, $"{job.StoredBytes} bytes stored, the last checkpoint {job.LastCheckpointBytes}");
        Assert.Contains(JobFiles(), f => f.Contains("checkpoint-", StringComparison.Ordinal));

        await _shard.ForgetJobAsync("stopped", CancellationToken.None);

        Assert.Empty(await _shard.KeptJobsAsync(CancellationToken.None));
        Assert.Empty(JobFiles());
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    /// <summary>Files of jobs and checkpoints (lock files included) in the state directory.</summary>
    private string[] JobFiles() =>
        [.. JobStates.Select(s => Path.Combine(_state, s)).Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))];

    private DatasetPlan Plan() => DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 4);

    private async Task<JobStatusReport> RunToEndAsync(string jobId, JobSettings settings)
    {
        await _shard.SubmitAsync(jobId, new LinearModelJob(Regression), Plan(), settings, CancellationToken.None);
        return await _shard.WaitForJobAsync(jobId, null, TimeSpan.FromMilliseconds(50), CancellationToken.None);
    }
}
