using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Execution;

namespace ShardML.Runtime.Tests;

public sealed class PreprocessingOnClusterTests(ThreeSiloClusterFixture fixture) : IClassFixture<ThreeSiloClusterFixture>, IDisposable
{
    private static readonly string[] Cities = ["Oslo", "Rome", "Lima", "Pune", "Kyiv"];

    private readonly SampleFiles _files = new();

    private string Houses(int rows = 3000)
    {
        var text = new StringBuilder("city,rooms,area,price\n");
        for (var i = 0; i < rows; i++)
        {
            var rooms = i % 11 == 4 ? "NA" : (1 + (i % 6)).ToString(CultureInfo.InvariantCulture);
            var area = i % 29 == 0 ? "" : (30 + (i * 7 % 120)).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{Cities[i * 3 % 5]},{rooms},{area},{100 + (i % 5 * 20) + (i % 6 * 7)}\n");
        }

        return _files.Write("houses.csv", text.ToString());
    }

    [Theory]
    [InlineData(MissingValues.Median)]
    [InlineData(MissingValues.Drop)]
    public async Task A_dataset_of_categories_and_missing_values_is_profiled_and_loaded_on_three_silos_as_in_memory(MissingValues missing)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = Houses(), Missing = missing }, 7);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.Lbfgs, L2 = 1e-3, MaximumIterations = 30 };

        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.True(plan.NeedsPreparation);
        Assert.Equal(["city=Kyiv", "city=Lima", "city=Oslo", "city=Pune", "city=Rome", "city=<other>", "rooms", "area"], actual.FeatureNames);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected.Preprocessing), System.Text.Json.JsonSerializer.Serialize(actual.Preprocessing));
        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(local.Dataset.DroppedRows, cluster.Dataset.DroppedRows);
        Assert.Equal(missing == MissingValues.Drop ? 3000 - cluster.Dataset.TotalRows : 0, cluster.Dataset.DroppedRows);
        Assert.Equal(3, cluster.Placement.Distinct().Count());
    }

    [Fact]
    public async Task A_load_reports_the_bytes_and_rows_the_silos_read_ending_at_the_plans_total()
    {
        var rows = 1_500_000;
        var text = new StringBuilder("a,b,y\n", rows * 12);
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 97},{i % 13},{i % 7}\n");
        }

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Write("long.csv", text.ToString()) }, 6);
        var reports = new ConcurrentQueue<LoadProgress>();
        var clock = Stopwatch.StartNew();

        await using var cluster = await fixture.Shard.LoadAsync(plan, new Recorder(reports), CancellationToken.None);

        var last = reports.Last();
        Assert.Equal(new LoadProgress(plan.Bytes, plan.Bytes, rows), last);
        Assert.All(reports, r => Assert.Equal(plan.Bytes, r.TotalBytes));
        if (clock.Elapsed > TimeSpan.FromSeconds(3))
        {
            // Measured every half second: a load this long was seen part way. The clock also counts the admission's
            // round trip and placement, and on two busy cores the loads' tasks can hold every pool thread for a
            // second before a progress call is served, so only a load of several periods must have been seen part way.
            Assert.Contains(reports, r => r.Bytes > 0 && r.Bytes < plan.Bytes);
        }
    }

    public void Dispose() => _files.Dispose();

    private sealed class Recorder(ConcurrentQueue<LoadProgress> reports) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => reports.Enqueue(value);
    }
}
