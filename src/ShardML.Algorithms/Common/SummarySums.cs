namespace ShardML.Algorithms.Common;

/// <summary>What every <see cref="Core.Execution.IAdditiveSummary"/> of the algorithms checks and rounds alike.</summary>
internal static class SummarySums
{
    /// <summary>Throws unless a span of <paramref name="actual"/> sums is the <paramref name="expected"/> length.</summary>
    public static void Check(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"this summary has {expected} sums, not {actual}");
        }
    }

    /// <summary>A count from its total: an integer within the fixed-point error, rounded (NaN gives 0).</summary>
    public static long Count(double total) => double.IsFinite(total) ? (long)Math.Round(total, MidpointRounding.ToEven) : 0;
}
