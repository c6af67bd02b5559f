using System.Runtime.CompilerServices;
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

    /// <summary>Batches this small check membership by a scan of the rows drawn so far instead of a hash set.</summary>
    private const int ScanBelow = 32;

    /// <summary><paramref name="count"/> distinct rows of [0, <paramref name="rows"/>), ascending.</summary>
    public static int[] Sample(int count, int rows, ulong seed, long step, int partition)
    {
        var result = new int[count];
        Sample(rows, seed, step, partition, result, count < ScanBelow ? null : new HashSet<int>(count));
        return result;
    }

    /// <summary>
    /// The same rows as <see cref="Sample(int, int, ulong, long, int)"/>, written into <paramref name="destination"/>
    /// (its length is the count) with no allocation: batches under 32 rows check membership by scanning the rows
    /// drawn so far (kept sorted by insertion), larger ones use <paramref name="scratch"/>, a set the caller keeps
    /// (cleared here), then sort. O(b log b) time; one row is one hash of the counter generator.
    /// </summary>
    public static void Sample(int rows, ulong seed, long step, int partition, Span<int> destination, HashSet<int>? scratch) =>
        Floyd(rows, seed, CounterRandom.StreamKey(Stream(step)), (ulong)(uint)partition << 32, [], destination, scratch);

    /// <summary>The counter stream of step t.</summary>
    internal static ulong Stream(long step) => ((ulong)step << 8) ^ SamplingPurpose;

    /// <summary>The counter of draw j (the j of Floyd's loop) on a partition.</summary>
    internal static ulong Counter(int partition, int j) => ((ulong)(uint)partition << 32) | (uint)j;

    /// <summary>
    /// Floyd's algorithm (Bentley &amp; Floyd 1987) for <c>destination.Length</c> rows of [0, rows). Draw n takes
    /// j = rows − count + n and t uniform in [0, j]: t if not yet drawn, else j (every earlier draw is below j).
    /// <paramref name="counterKeys"/> holds <see cref="CounterRandom.CounterKey"/> of each draw's counter when the
    /// caller precomputed them (<see cref="PartitionSampler"/>), or is empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per SGD step: a short job must not spend itself in unoptimized code
    internal static void Floyd(int rows, ulong seed, ulong streamKey, ulong partitionBits, ReadOnlySpan<ulong> counterKeys, Span<int> destination, HashSet<int>? scratch)
    {
        var count = destination.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, rows);
        if (count < ScanBelow)
        {
            // The rows drawn so far are kept sorted by insertion, so the result is the same ascending set as below.
            for (var n = 0; n < count; n++)
            {
                var j = rows - count + n;
                var key = counterKeys.IsEmpty ? CounterRandom.CounterKey(partitionBits | (uint)j) : counterKeys[n];
                var t = Uniform(CounterRandom.Combine(seed, streamKey, key), j);
                var at = n;
                if (n > 0 && destination[..n].BinarySearch(t) >= 0)
                {
                    t = j;
                }
                else
                {
                    for (; at > 0 && destination[at - 1] > t; at--)
                    {
                        destination[at] = destination[at - 1];
                    }
                }

                destination[at] = t;
            }

            return;
        }

        var chosen = scratch ?? throw new ArgumentNullException(nameof(scratch), "a batch of 32 rows or more needs a scratch set");
        chosen.Clear();
        for (var n = 0; n < count; n++)
        {
            var j = rows - count + n;
            var key = counterKeys.IsEmpty ? CounterRandom.CounterKey(partitionBits | (uint)j) : counterKeys[n];
            var t = Uniform(CounterRandom.Combine(seed, streamKey, key), j);
            var pick = chosen.Add(t) ? t : j;
            if (pick == j)
            {
                chosen.Add(j);
            }

            destination[n] = pick;
        }

        destination.Sort();
    }

    /// <summary>A uniform integer in [0, j] from a random word: the high word of a 64 × 64-bit product (multiply-shift, no division).</summary>
    private static int Uniform(ulong random, int j) => (int)Math.BigMul(random, (ulong)(j + 1), out _);
}
