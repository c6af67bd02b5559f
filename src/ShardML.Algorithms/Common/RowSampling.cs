using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Common;

/// <summary>
/// A fixed-seed uniform sample of global row numbers, without replacement (Floyd's algorithm on the counter-based
/// generator): the same seed and row count give the same rows however the data is partitioned. O(m log m) for m rows.
/// </summary>
public static class RowSampling
{
    /// <summary>The stream of the generator this sampling draws from, apart from training's streams.</summary>
    private const ulong Stream = 0x5A3F_1E00;

    /// <summary>At most <paramref name="count"/> distinct rows of <paramref name="total"/>, ascending; every row when there are no more.</summary>
    public static long[] Choose(long total, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (total <= count)
        {
            return [.. Enumerable.Range(0, (int)total).Select(i => (long)i)];
        }

        var chosen = new HashSet<long>(count);
        ulong draw = 0;
        for (var j = total - count; j < total; j++)
        {
            var t = (long)(CounterRandom.NextDouble(seed, Stream, draw++) * (j + 1));
            chosen.Add(chosen.Contains(t) ? j : t);
        }

        var rows = chosen.ToArray();
        Array.Sort(rows);
        return rows;
    }
}
