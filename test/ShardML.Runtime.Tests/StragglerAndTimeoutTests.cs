using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Tests;

/// <summary>A partition that straggles, a silo that hangs, too few silos: a pass ends on time or with a clear error.</summary>
public sealed class StragglerAndTimeoutTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(6);
    private readonly SampleFiles _files = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes, enableChaos: true));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task A_straggling_partition_is_run_again_elsewhere_and_the_pass_ends_long_before_the_straggler_would()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(), HasLabel = false }, 6);
        var options = new KMeansOptions { NumberOfClusters = 4, Seed = 3, Tolerance = 0, MaximumIterations = 6 };
        var expected = await InMemoryAsync(plan, e => new KMeansTrainer().TrainAsync(e, options, null, CancellationToken.None));

        await using var cluster = await Shard(new ClusterExecutorOptions { Chaos = new ChaosOptions(3, Delay) }).LoadAsync(plan, CancellationToken.None);
        var actual = await new KMeansTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        var passes = cluster.Statistics.PerPass;
        Assert.Equal(1, cluster.Statistics.Speculations);
        Assert.All(passes, p => Assert.True(p.WallSeconds < Delay.TotalSeconds / 2, $"a {p.Step} pass took {p.WallSeconds:F2} s; the straggler alone takes {Delay.TotalSeconds} s"));
        Assert.Equal(Bits(expected.Centers), Bits(actual.Centers));
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    [Fact]
    public async Task Cocoa_under_speculation_mid_job_has_the_bits_of_the_undisturbed_run()
    {
        // The partition turns slow at pass 6, when it holds five rounds of duals: the copy elsewhere must replay them.
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.TwoSides(), CategoricalLabel = true }, 6);
        var options = new LinearModelOptions { Solver = LinearSolver.Cocoa, Loss = LossKind.Hinge, L2 = 1e-3, MaximumIterations = 12, Tolerance = 0, Seed = 4 };
        var expected = await InMemoryAsync(plan, e => new LinearModelTrainer().TrainAsync(e, options, null, CancellationToken.None));

        await using var cluster = await Shard(new ClusterExecutorOptions { Chaos = new ChaosOptions(3, Delay, FromPass: 6) }).LoadAsync(plan, CancellationToken.None);
        var actual = await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.Equal(1, cluster.Statistics.Speculations);
        Assert.DoesNotContain(actual.Summary.Notes, n => n.Contains("restarted", StringComparison.Ordinal));
        Assert.Equal(expected.Weights[0], actual.Weights[0]);
        Assert.Equal(expected.Intercepts[0], actual.Intercepts[0]);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    [Fact]
    public async Task Without_speculation_the_same_straggler_holds_its_pass_up()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 6);
        // Membership is not refreshed here, so a silo the loaded machine's failure detector briefly doubts cannot move the straggler.
        var options = new ClusterExecutorOptions { Chaos = new ChaosOptions(3, TimeSpan.FromSeconds(2)), Speculation = false, MembershipRefreshInterval = TimeSpan.FromHours(1) };
        await using var cluster = await Shard(options).LoadAsync(plan, CancellationToken.None);

        await cluster.RunAsync(new NormalEquationsStep(3), CancellationToken.None);

        // Timers may fire a millisecond early against the stopwatch, so 90% of the delay shows it happened.
        Assert.True(cluster.Statistics.PerPass[0].WallSeconds >= 1.8, $"the injected delay did not happen: {cluster.Statistics.PerPass[0]}");
        Assert.Equal(0, cluster.Statistics.Speculations);
    }

    [Fact]
    public async Task A_silo_past_the_step_timeout_is_treated_as_failed_and_its_partitions_run_elsewhere()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 6);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 5 };
        var expected = await InMemoryAsync(plan, e => new LinearModelTrainer().TrainAsync(e, options, null, CancellationToken.None));
        var executorOptions = new ClusterExecutorOptions { Chaos = new ChaosOptions(2, TimeSpan.FromMinutes(5)), Speculation = false, StepTimeout = TimeSpan.FromSeconds(1) };

        await using var cluster = await Shard(executorOptions).LoadAsync(plan, CancellationToken.None);
        var actual = await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
        Assert.True(cluster.Statistics.Retries >= 1);
        Assert.True(cluster.Statistics.RecoverySeconds > 0);
    }

    [Fact]
    public async Task With_fewer_silos_than_the_job_needs_the_pass_fails_clearly_within_the_recovery_timeout()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 6);
        var options = new ClusterExecutorOptions { MinimumSilos = 3, RecoveryTimeout = TimeSpan.FromSeconds(3) };
        await using var cluster = await Shard(options).LoadAsync(plan, CancellationToken.None);
        await cluster.RunAsync(new NormalEquationsStep(3), CancellationToken.None);

        await _cluster.KillSiloAsync(_cluster.Silos[2]);
        var shard = Shard(options);
        while ((await shard.ActiveSilosAsync()).Count > 2)
        {
            await Task.Delay(100);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => cluster.RunAsync(new NormalEquationsStep(3), CancellationToken.None));

        Assert.Contains("fewer than the 3 the job needs", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 3, 30);
    }

    [Fact]
    public async Task A_silo_without_chaos_enabled_refuses_an_injected_fault()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes));
        await using var plain = builder.Build();
        await plain.DeployAsync();
        var shard = ShardCluster.FromGrainFactory(plain.Client, AlgorithmCatalog.WireTypes);
        shard.ExecutorOptions = new ClusterExecutorOptions { Chaos = new ChaosOptions(0, TimeSpan.FromSeconds(1)) };
        await using var cluster = await shard.LoadAsync(DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 2), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PartitionFailedException>(() => cluster.RunAsync(new NormalEquationsStep(3), CancellationToken.None));

        Assert.Contains("--enable-chaos", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose() => _files.Dispose();

    private ShardCluster Shard(ClusterExecutorOptions options)
    {
        var shard = ShardCluster.FromGrainFactory(_cluster.Client, AlgorithmCatalog.WireTypes);
        shard.ExecutorOptions = options;
        return shard;
    }

    private static async Task<T> InMemoryAsync<T>(DatasetPlan plan, Func<IPartitionExecutor, Task<T>> train)
    {
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        return await train(local);
    }

    private static int[] Bits(float[][] rows) => rows.SelectMany(r => r).Select(BitConverter.SingleToInt32Bits).ToArray();
}

