namespace ShardML.Core.Metrics;

/// <summary>
/// Adjusted Rand index of two labelings from their contingency table (Hubert &amp; Arabie, 1985): 1 for identical
/// partitions up to renaming, about 0 for independent ones. Counts are integers, so the result does not depend
/// on the order in which the table was summed.
/// </summary>
public static class AdjustedRandIndex
{
    /// <summary>Computes the index from <c>(cluster, class) → count</c> cells.</summary>
    public static double FromContingency(IEnumerable<(int Cluster, long Class, long Count)> cells)
    {
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<long, long>();
        double index = 0;
        long n = 0;
        foreach (var (cluster, label, count) in cells)
        {
            index += Pairs(count);
            rows[cluster] = rows.GetValueOrDefault(cluster) + count;
            columns[label] = columns.GetValueOrDefault(label) + count;
            n += count;
        }

        var rowPairs = rows.Values.Sum(Pairs);
        var columnPairs = columns.Values.Sum(Pairs);
        var total = Pairs(n);
        if (total == 0)
        {
            return 1.0;
        }

        var expected = rowPairs * columnPairs / total;
        var maximum = (rowPairs + columnPairs) / 2;
        return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    }

    private static double Pairs(long count) => count * (count - 1) / 2.0;
}
