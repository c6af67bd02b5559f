using ShardML.Algorithms.KMeans;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class ClusteringEvaluationTests
{
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
            a.Add(cluster, 1, a.LabelNames!.IndexOf(label));
        }

        foreach (var (cluster, label) in rowsB)
        {
            b.Add(cluster, 1, b.LabelNames!.IndexOf(label));
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
}
