using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// How an SGD mini-batch is drawn across partitions. The batch of B rows is split over partitions in proportion
/// to their row counts (largest remainder, ties to the lower index), so every row of the dataset has the same
/// chance, B/n, of being in a batch whatever the partitioning. Each partition then draws its share of distinct rows
/// from its own rows with Floyd's algorithm (Bentley &amp; Floyd, CACM 1987), in O(b) time and memory, from a
/// counter-based stream keyed by (seed, step, partition index): no state to keep, nothing to replay.
/// </summary>
public static class MiniBatchSampler
{
    private const ulong SamplingPurpose = 0x5347_4442; // "SGDB"

    /// <summary>Rows per partition summing to min(B, n); a partition never gets more than it holds.</summary>
    public static int[] Allocate(int batchSize, IReadOnlyList<long> rowCounts)
    {
        var total = rowCounts.Sum();
        var shares = new int[rowCounts.Count];
        if (batchSize >= total)
        {
            for (var p = 0; p < shares.Length; p++)
            {
                shares[p] = (int)rowCounts[p];
            }

            return shares;
        }

        var remainders = new (long Remainder, int Partition)[shares.Length];
        var given = 0L;
        for (var p = 0; p < shares.Length; p++)
        {
            var quota = (Int128)batchSize * rowCounts[p];
            shares[p] = (int)(quota / total);
            remainders[p] = ((long)(quota % total), p);
            given += shares[p];
        }

        Array.Sort(remainders, (a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Partition.CompareTo(b.Partition));
        for (var k = 0; given < batchSize; k++, given++)
        {
            shares[remainders[k].Partition]++;
        }

        return shares;
    }

    /// <summary><paramref name="count"/> distinct rows of [0, <paramref name="rows"/>), ascending.</summary>
    public static int[] Sample(int count, int rows, ulong seed, long step, int partition)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, rows);
        var stream = ((ulong)step << 8) ^ SamplingPurpose;
        var chosen = new HashSet<int>(count);
        var result = new int[count];
        var n = 0;
        for (var j = rows - count; j < rows; j++)
        {
            var r = CounterRandom.Next(seed, stream, ((ulong)(uint)partition << 32) | (uint)j);
            var t = (int)(((UInt128)r * (ulong)(j + 1)) >> 64); // uniform in [0, j]
            var pick = chosen.Add(t) ? t : j;
            if (pick == j)
            {
                chosen.Add(j);
            }

            result[n++] = pick;
        }

        Array.Sort(result);
        return result;
    }
}
