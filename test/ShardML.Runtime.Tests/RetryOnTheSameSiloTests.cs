using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests;

/// <summary>
/// A share that fails half way and is sent again, in the same pass, to the silo that already holds its partitions: the
/// partitions it did run are a round ahead, so the retry must rebuild them from the replay. One silo, so the retry has
/// nowhere else to go.
/// </summary>
public sealed class RetryOnTheSameSiloTests : IAsyncLifetime, IDisposable
{
    private readonly SampleFiles _files = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task Cocoa_retried_on_the_silo_whose_attempt_failed_mid_round_has_the_bits_of_the_undisturbed_run()
    {
        var path = _files.TwoSides();
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true }, 4);
        var options = new LinearModelOptions { Solver = LinearSolver.Cocoa, Loss = LossKind.Hinge, L2 = 1e-3, MaximumIterations = 12, Tolerance = 0, Seed = 4 };
        LinearModel expected;
        await using (var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None))
        {
            expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        }

        var shard = ShardCluster.FromGrainFactory(_cluster.Client, AlgorithmCatalog.WireTypes);
        shard.ExecutorOptions = new ClusterExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(100) };
        await using var cluster = await shard.LoadAsync(plan, CancellationToken.None);
        var hidden = path + ".away";
        Task? restored = null;
        // Before a mid-job round: the silo loses partition 3 and its file is gone for a moment, so the round's attempt runs
        // partitions 0–2 (their duals move a round on) and fails on 3; the retries go to the same silo until the file is back.
        var disrupted = new DisruptedExecutor(cluster, beforePass: 8, async () =>
        {
            await _cluster.Client.GetGrain<Grains.ISiloAggregatorGrain>(cluster.Placement[3]).ReleaseAsync(cluster.DatasetId, [3]);
            File.Move(path, hidden);
            restored = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                File.Move(hidden, path);
            });
        });

        var actual = await new LinearModelTrainer().TrainAsync(disrupted, options, null, CancellationToken.None);
        await restored!;

        Assert.True(disrupted.Disrupted);
        Assert.True(cluster.Statistics.Retries >= 1, "the round was not retried");
        Assert.Single(cluster.Placement.Distinct());
        Assert.DoesNotContain(actual.Summary.Notes, n => n.Contains("restarted", StringComparison.Ordinal));
        Assert.Equal(expected.Weights[0], actual.Weights[0]);
        Assert.Equal(expected.Intercepts[0], actual.Intercepts[0]);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose() => _files.Dispose();
}
