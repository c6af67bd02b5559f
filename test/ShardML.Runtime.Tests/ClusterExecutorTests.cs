using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Runtime.Tests;

public sealed class ClusterExecutorTests(ThreeSiloClusterFixture fixture) : IClassFixture<ThreeSiloClusterFixture>, IDisposable
{
    private readonly SampleFiles _files = new();

    [Fact]
    public async Task Spreads_partitions_over_all_three_silos()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 9);
        await using var executor = await fixture.Shard.LoadAsync(plan, CancellationToken.None);

        var perSilo = executor.Placement.GroupBy(s => s).Select(g => g.Count()).ToArray();
        Assert.Equal(3, perSilo.Length);
        Assert.All(perSilo, count => Assert.Equal(3, count));
        Assert.Equal(2000, executor.Dataset.TotalRows);
    }

    [Fact]
    public async Task KMeans_on_three_silos_has_the_same_bits_as_in_memory()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(), HasLabel = false }, 7);
        var options = new KMeansOptions { NumberOfClusters = 4, Seed = 3 };

        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new KMeansTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = await new KMeansTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.Equal(Bits(expected.Centers), Bits(actual.Centers));
        Assert.Equal(expected.Summary.FinalLoss, actual.Summary.FinalLoss);
        Assert.Equal(expected.Summary.Iterations, actual.Summary.Iterations);
        Assert.True(cluster.Statistics.Passes > expected.Summary.Iterations);
    }

    [Fact]
    public async Task Gradient_descent_on_three_silos_has_the_same_bits_as_in_memory()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 5);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0, Standardize = true, LearningRate = 0.5, MaximumIterations = 50 };

        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(expected.Intercepts, actual.Intercepts);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    [Fact]
    public async Task A_lost_partition_is_reloaded_from_its_source_and_the_result_is_unchanged()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 6);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var step = new NormalEquationsStep(3);
        var before = await cluster.RunAsync(step, CancellationToken.None);

        await fixture.Cluster.Client.GetGrain<Grains.ISiloAggregatorGrain>(cluster.Placement[2]).ReleaseAsync(cluster.DatasetId, [2]); // its silo lost it
        var after = await cluster.RunAsync(step, CancellationToken.None);

        Assert.Equal(1, cluster.Statistics.ReloadedPartitions);
        Assert.Equal(before.Comoments, after.Comoments);
        Assert.Equal(before.CrossComoments, after.CrossComoments);
    }

    [Fact]
    public async Task A_malformed_row_on_a_silo_reports_file_line_and_column_to_the_client()
    {
        var lines = new List<string> { "a,b,y" };
        lines.AddRange(Enumerable.Range(0, 200).Select(i => $"{i},{i * 2},{i * 3}"));
        lines[150] = "1,oops,3";
        var path = _files.Write("bad.csv", string.Join('\n', lines) + "\n");
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path }, 4);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => fixture.Shard.LoadAsync(plan, CancellationToken.None));

        Assert.Equal(151, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Contains("bad.csv:151:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_lists_each_silo_with_the_partitions_it_holds_and_the_dataset_they_belong_to()
    {
        var path = _files.Blobs();
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path }, 6);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);

        var silos = await fixture.Shard.StatusAsync(CancellationToken.None);

        Assert.Equal(3, silos.Count(s => s.Status == "Active"));
        var holdings = silos.SelectMany(s => s.Description!.Datasets).Where(d => d.DatasetId == cluster.DatasetId).ToArray();
        Assert.Equal(6, holdings.Sum(d => d.Partitions));
        Assert.Equal(2000, holdings.Sum(d => d.Rows));
        Assert.All(holdings, d => Assert.Equal(path, d.Path));
        Assert.All(holdings, d => Assert.True(d.MemoryBytes > 0));
    }

    public void Dispose() => _files.Dispose();

    private static int[] Bits(float[][] rows) => rows.SelectMany(r => r).Select(BitConverter.SingleToInt32Bits).ToArray();
}
