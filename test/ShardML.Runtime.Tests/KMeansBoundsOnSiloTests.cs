using ShardML.Algorithms;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;
using ShardML.Testing;

namespace ShardML.Runtime.Tests;

/// <summary>
/// K-means with bounds kept on the partitions, on the embedded silo: the bounds live in the silo's partitions between
/// passes, and a job stopped mid-way resumes without them (a fresh run of bounds) to the bits of an undisturbed run.
/// </summary>
public sealed class KMeansBoundsOnSiloTests : IDisposable
{
    private readonly SampleFiles _files = new();
    private readonly string _state = Directory.CreateTempSubdirectory("shardml-kmeans-bounds-").FullName;

    [Fact]
    public async Task Auto_bounded_and_Yinyang_on_the_embedded_silo_give_Lloyds_centers_in_memory()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 3000) }, 4);
        var options = new KMeansOptions { NumberOfClusters = 40, Seed = 7, Tolerance = 0, MaximumIterations = 25, Algorithm = KMeansAlgorithm.Lloyd };
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var lloyd = await new KMeansTrainer().TrainAsync(local, options, null, CancellationToken.None);

        await using var shard = await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, null, CancellationToken.None);
        await using var executor = await shard.LoadAsync(plan, CancellationToken.None);
        var auto = await new KMeansTrainer().TrainAsync(executor, options with { Algorithm = KMeansAlgorithm.Auto }, null, CancellationToken.None);
        var yinyang = await new KMeansTrainer().TrainAsync(executor, options with { Algorithm = KMeansAlgorithm.Yinyang }, null, CancellationToken.None);
        var bounded = await new KMeansTrainer().TrainAsync(executor, options with { Algorithm = KMeansAlgorithm.Bounded }, null, CancellationToken.None);

        Assert.Equal(lloyd.Centers.SelectMany(c => c), auto.Centers.SelectMany(c => c));
        Assert.Equal(lloyd.Centers.SelectMany(c => c), yinyang.Centers.SelectMany(c => c));
        Assert.Equal(lloyd.Centers.SelectMany(c => c), bounded.Centers.SelectMany(c => c));
        Assert.Equal(lloyd.Summary.FinalLoss, bounded.Summary.FinalLoss); // its last pass sums distances as Lloyd's does
        Assert.All(auto.Summary.IterationMethods!, m => Assert.Equal("lloyd", m)); // 3,000 rows: too little work for Auto to bound
        Assert.Contains(executor.Statistics.PerPass, p => p.Step == nameof(YinyangStep));
        Assert.Contains(executor.Statistics.PerPass, p => p.Step == nameof(BoundedLloydStep));
    }

    [Fact]
    public async Task A_Yinyang_job_stopped_mid_way_resumes_to_the_bits_of_an_undisturbed_run()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 3000) }, 4);
        var options = new KMeansOptions { NumberOfClusters = 40, Seed = 7, Tolerance = 0, MaximumIterations = 30, Algorithm = KMeansAlgorithm.Yinyang };
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var undisturbed = await new KMeansTrainer().TrainAsync(local, options, null, CancellationToken.None);

        await using var shard = await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, null, CancellationToken.None, enableChaos: true, new FileStateStore(_state));
        var settings = new JobSettings
        {
            CheckpointInterval = 2,
            Executor = new ClusterExecutorOptions { Speculation = false, Chaos = new ChaosOptions(0, TimeSpan.FromMilliseconds(40)) },
        };
        await shard.SubmitAsync("yinyang", new KMeansJob(options), plan, settings, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JobStatusReport running;
        while ((running = await shard.JobStatusAsync("yinyang", CancellationToken.None)).Checkpoints < 4)
        {
            Assert.Equal(JobStatus.Running, running.Status);
            Assert.True(DateTime.UtcNow < deadline, $"the job did not get to its fourth checkpoint: iteration {running.Iteration}");
            await Task.Delay(20);
        }

        var stopped = await shard.StopJobAsync("yinyang", CancellationToken.None);
        await shard.ResumeJobAsync("yinyang", null, CancellationToken.None);
        var status = await shard.WaitForJobAsync("yinyang", null, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(JobStatus.Stopped, stopped.Status);
        Assert.Equal(JobStatus.Succeeded, status.Status);
        Assert.True(status.ResumedFromIteration > 0, $"resumed from {status.ResumedFromIteration}");
        Assert.Equal(LearnedNumbers.Of(ModelFile.ToJson(undisturbed)), LearnedNumbers.Of(status.ModelJson!));
    }

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_state, recursive: true);
    }
}
