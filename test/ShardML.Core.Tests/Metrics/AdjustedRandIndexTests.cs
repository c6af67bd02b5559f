using ShardML.Core.Metrics;

namespace ShardML.Core.Tests.Metrics;

public sealed class AdjustedRandIndexTests
{
    // Values from scikit-learn's documentation of adjusted_rand_score.
    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 }, 1.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0)]
    [InlineData(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 0.5714285714285714)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 0.5714285714285714)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 2, 3 }, 0.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, -0.5)]
    public void Matches_published_values(int[] truth, int[] clusters, double expected)
    {
        var cells = truth.Zip(clusters).GroupBy(p => (p.Second, p.First)).Select(g => (g.Key.Second, (long)g.Key.First, (long)g.Count()));

        Assert.Equal(expected, AdjustedRandIndex.FromContingency(cells), 12);
    }
}
