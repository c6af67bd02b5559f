using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests;

/// <summary>Silos that leave, die or join while a job runs; each test has a cluster of its own.</summary>
public sealed class MembershipChangeTests : IAsyncLifetime, IDisposable
{
    private readonly SampleFiles _files = new();
    private InProcessTestCluster _cluster = null!;
    private ShardCluster _shard = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _shard = ShardCluster.FromGrainFactory(_cluster.Client, AlgorithmCatalog.WireTypes);
    }

    [Fact]
    public async Task A_silo_that_stops_gracefully_mid_job_hands_its_partitions_over_and_the_model_has_the_same_bits()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(), HasLabel = false }, 9);
        var options = new KMeansOptions { NumberOfClusters = 4, Seed = 3, Tolerance = 0, MaximumIterations = 12 };
        var expected = await InMemoryAsync(plan, e => new KMeansTrainer().TrainAsync(e, options, null, CancellationToken.None));

        await using var cluster = await _shard.LoadAsync(plan, CancellationToken.None);
        var leaving = _cluster.Silos[2];
        var disrupted = new DisruptedExecutor(cluster, 6, () => _cluster.StopSiloAsync(leaving));
        var actual = await new KMeansTrainer().TrainAsync(disrupted, options, null, CancellationToken.None);

        Assert.True(disrupted.Disrupted);
        Assert.DoesNotContain(leaving.SiloAddress.ToParsableString(), cluster.Placement);
        Assert.Equal(Bits(expected.Centers), Bits(actual.Centers));
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
        Assert.True(cluster.Statistics.ReloadedPartitions >= 3, $"only {cluster.Statistics.ReloadedPartitions} partitions were reloaded");
    }

    [Fact]
    public async Task A_silo_killed_mid_job_costs_a_retry_and_the_model_has_the_same_bits()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 8);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 30 };
        var expected = await InMemoryAsync(plan, e => new LinearModelTrainer().TrainAsync(e, options, null, CancellationToken.None));

        _shard.ExecutorOptions = new ClusterExecutorOptions { MembershipRefreshInterval = TimeSpan.FromHours(1) }; // learn of the death by the failed call
        await using var cluster = await _shard.LoadAsync(plan, CancellationToken.None);
        var victim = _cluster.Silos[1];
        var disrupted = new DisruptedExecutor(cluster, 10, () => _cluster.KillSiloAsync(victim));
        var actual = await new LinearModelTrainer().TrainAsync(disrupted, options, null, CancellationToken.None);

        Assert.True(disrupted.Disrupted);
        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(expected.Intercepts, actual.Intercepts);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
        Assert.DoesNotContain(victim.SiloAddress.ToParsableString(), cluster.Placement);
        // The dead silo's share was either sent again after its call failed, or finished first by a speculative copy.
        Assert.True(cluster.Statistics.Retries + cluster.Statistics.Speculations >= 1, "the pass that met the dead silo was neither retried nor speculated");
    }

    [Fact]
    public async Task When_a_fourth_silo_joins_about_a_quarter_of_the_partitions_move_to_it()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 48);
        await using var cluster = await _shard.LoadAsync(plan, CancellationToken.None);
        var step = new NormalEquationsStep(3);
        var before = await cluster.RunAsync(step, CancellationToken.None);
        var placementBefore = cluster.Placement.ToArray();

        var joined = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        while ((await _shard.ActiveSilosAsync()).Count < 4)
        {
            await Task.Delay(100); // the driver sees membership through the management grain, which may lag the silos
        }

        await Task.Delay(new ClusterExecutorOptions().MembershipRefreshInterval);
        var after = await cluster.RunAsync(step, CancellationToken.None);

        var moved = placementBefore.Where((silo, p) => silo != cluster.Placement[p]).Count();
        Assert.Equal(12, cluster.Placement.Count(s => s == joined.SiloAddress.ToParsableString()));
        Assert.Equal(12, moved);
        Assert.Equal(before.Comoments, after.Comoments);
        Assert.Equal(before.CrossComoments, after.CrossComoments);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose() => _files.Dispose();

    private static async Task<T> InMemoryAsync<T>(DatasetPlan plan, Func<IPartitionExecutor, Task<T>> train)
    {
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        return await train(local);
    }

    private static int[] Bits(float[][] rows) => rows.SelectMany(r => r).Select(BitConverter.SingleToInt32Bits).ToArray();
}
