using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Tests.SecureAggregation;

/// <summary>
/// Secure aggregation on three silos in this process: the totals have the bits of the in-memory reference (so they do
/// not depend on placement or silo count), and what cannot run securely is refused with a clear message.
/// </summary>
public sealed class SecureAggregationTests : IAsyncLifetime, IDisposable
{
    private readonly SampleFiles _files = new();
    private SecureTestCluster _secure = null!;

    public async Task InitializeAsync() => _secure = await SecureTestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _secure.DisposeAsync();

    [Theory]
    [InlineData(SecureAggregationMode.Masking)]
    [InlineData(SecureAggregationMode.Paillier)]
    public async Task KMeans_has_the_bits_of_the_in_memory_reference(SecureAggregationMode mode)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 7);
        var options = new KMeansOptions
        {
            NumberOfClusters = 4, Initialization = KMeansInitialization.Given, MaximumIterations = mode == SecureAggregationMode.Paillier ? 3 : 10,
            InitialCenters = [[1, 1, 1], [8, 8, 1], [-8, 6, 3], [5, -7, -5]],
        };

        await using var reference = await InMemoryExecutor.LoadAsync(plan, AggregationPrivacy.TotalsOnly, CancellationToken.None);
        var expected = await new KMeansTrainer().TrainAsync(reference, options, null, CancellationToken.None);
        _secure.Shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = mode };
        await using var cluster = await _secure.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = await new KMeansTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.Equal(AggregationPrivacy.TotalsOnly, cluster.Privacy);
        Assert.Equal(3, cluster.Placement.Distinct().Count());
        Assert.Equal(Bits(expected.Centers), Bits(actual.Centers));
        Assert.Equal(expected.ClusterSizes, actual.ClusterSizes);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    [Fact]
    public async Task Gradient_descent_has_the_bits_of_the_in_memory_reference_and_counts_are_exact()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 5);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 25 };

        await using var reference = await InMemoryExecutor.LoadAsync(plan, AggregationPrivacy.TotalsOnly, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(reference, options, null, CancellationToken.None);
        _secure.Shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = SecureAggregationMode.Masking };
        await using var cluster = await _secure.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None);
        var evaluation = await cluster.RunAsync(new RegressionEvaluationStep([.. actual.Weights[0], actual.Intercepts[0]], 3), CancellationToken.None);

        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(expected.Intercepts, actual.Intercepts);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
        Assert.Equal(2000, evaluation.Count);
    }

    [Fact]
    public async Task A_step_whose_summary_is_not_a_sum_is_refused_with_its_name()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 4);
        _secure.Shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = SecureAggregationMode.Masking };
        await using var cluster = await _secure.Shard.LoadAsync(plan, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<TotalsOnlyRefusedException>(() => cluster.RunAsync(new FetchRowsStep([3], 3), CancellationToken.None));

        Assert.Contains("FetchRowsStep", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.Statistics.Passes);
    }

    public void Dispose() => _files.Dispose();

    private static int[] Bits(float[][] rows) => [.. rows.SelectMany(r => r).Select(BitConverter.SingleToInt32Bits)];
}
