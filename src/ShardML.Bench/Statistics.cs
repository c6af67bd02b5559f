namespace ShardML.Bench;

/// <summary>Summaries of repeated timings.</summary>
internal static class Statistics
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// The 25th percentile, between the two nearest samples as numpy's default does. On a shared machine a pass is
    /// sometimes stretched by half or more by something else running; the stretch only ever adds, so the fast half of the
    /// samples says what a path costs, and the lower quartile is its middle.
    /// </summary>
    public static double LowerQuartile(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var position = 0.25 * (sorted.Length - 1);
        var below = (int)position;
        return below + 1 < sorted.Length ? sorted[below] + ((position - below) * (sorted[below + 1] - sorted[below])) : sorted[below];
    }
}
