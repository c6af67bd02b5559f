using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class ClusteringEvaluationTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData("csv", KMeansAlgorithm.Lloyd, 1)]
    [InlineData("csv", KMeansAlgorithm.Lloyd, 3)]
    [InlineData("csv", KMeansAlgorithm.Bounded, 3)]
    [InlineData("libsvm", KMeansAlgorithm.Lloyd, 3)]
    public async Task Evaluated_on_its_training_rows_a_model_has_the_inertia_training_reported_to_the_bit(string format, KMeansAlgorithm algorithm, int partitions)
    {
        // Training reports its final pass's inertia without evaluating again, so evaluation must give each row the
        // distance bits that pass gave (32 features: the 512-bit tiles' lane order shows) and sum them as it does (every
        // 50th row moved far out: the distances span more bits than a double holds, so the order of the sum shows).
        var table = Spread(format == "csv" ? Generate.Blobs(BoundedLloydTests.Padded(ClusterData.SeparatedCenters, 32), 3000, 1.0, 41) : RegressionData.HalfZero());
        var path = format == "csv" ? _files.WriteCsv("data.csv", table) : _files.WriteLibSvm("data.svm", table);
        await using var executor = await DataDirectory.LoadAsync(path, partitions);
        var model = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 5, Seed = 3, MaximumIterations = 6, Tolerance = 0, Algorithm = algorithm });

        var metrics = await ClusterData.EvaluateAsync(executor, model);

        Assert.Equal(model.Summary.FinalLoss, metrics["inertia"]);
        Assert.Equal(executor.Dataset.TotalRows, metrics["rows"]);
    }

    [Fact]
    public void Class_labels_coded_differently_in_each_partition_merge_by_name()
    {
        // Partition A saw Adelie first, partition B saw Gentoo first: their local codes disagree, their names do not.
        var a = new ClusteringEvaluationSummary(0, 0, true, [], ["Adelie", "Gentoo"]);
        var b = new ClusteringEvaluationSummary(0, 0, true, [], ["Gentoo", "Chinstrap", "Adelie"]);
        (int Cluster, string Label)[] rowsA = [(0, "Adelie"), (0, "Adelie"), (1, "Gentoo"), (1, "Adelie")];
        (int Cluster, string Label)[] rowsB = [(1, "Gentoo"), (2, "Chinstrap"), (0, "Adelie"), (2, "Chinstrap"), (1, "Gentoo")];
        foreach (var (cluster, label) in rowsA)
        {
            a.Add(cluster, a.LabelNames!.IndexOf(label));
        }

        foreach (var (cluster, label) in rowsB)
        {
            b.Add(cluster, b.LabelNames!.IndexOf(label));
        }

        var merged = a.Merge(b);

        var all = rowsA.Concat(rowsB).ToArray();
        var names = all.Select(r => r.Label).Distinct().ToList();
        var expected = AdjustedRandIndex.FromContingency(all
            .GroupBy(r => (r.Cluster, Code: names.IndexOf(r.Label)))
            .Select(g => (g.Key.Cluster, (long)g.Key.Code, (long)g.Count())));
        Assert.Equal(expected, merged.Metrics()["adjusted_rand_index"], 12);
        Assert.Equal(["Adelie", "Gentoo", "Chinstrap"], merged.LabelNames);
        Assert.Equal(9, merged.Count);
    }

    private static Table Spread(Table table) =>
        table with { Rows = [.. table.Rows.Select((row, i) => i % 50 == 7 ? [.. row.Select(v => (v * 3e5f) + 1e5f)] : row)] };

    public void Dispose() => _files.Dispose();
}
