using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Poisson sampling for DP-SGD: at step t every row joins the batch independently with probability q, decided by a
/// counter-based generator keyed by (seed, t, the row's global number), so the batch is the same whatever the
/// partitioning, the node or a retry. Rows are taken in global blocks of <see cref="BlockRows"/>; within a block the
/// gaps between selected rows are geometric (⌊ln U / ln(1 − q)⌋, U uniform), which selects each row with probability q
/// independently while costing O(1 + q·rows) per block instead of a draw per row.
/// </summary>
public static class PoissonSampler
{
    public const int BlockRows = 4096;

    private const ulong Purpose = 0xD9_5A_3D_1E_00_00_00_01UL;

    /// <summary>The local indices of the rows of a partition holding global rows [first, first + count) selected at <paramref name="step"/>, ascending.</summary>
    public static List<int> Sample(ulong seed, long step, double sampleRate, long first, int count)
    {
        var selected = new List<int>((int)Math.Min(count, (count * sampleRate * 1.5) + 16));
        if (count == 0 || !(sampleRate > 0))
        {
            return selected;
        }

        var end = first + count;
        for (var block = first / BlockRows; block * BlockRows < end; block++)
        {
            var start = block * BlockRows;
            foreach (var offset in BlockSelection(seed, step, block, sampleRate))
            {
                var row = start + offset;
                if (row >= first && row < end)
                {
                    selected.Add((int)(row - first));
                }
            }
        }

        return selected;
    }

    /// <summary>The offsets within global block <paramref name="block"/> selected at <paramref name="step"/>.</summary>
    public static IEnumerable<int> BlockSelection(ulong seed, long step, long block, double sampleRate)
    {
        if (sampleRate >= 1)
        {
            for (var offset = 0; offset < BlockRows; offset++)
            {
                yield return offset;
            }

            yield break;
        }

        var key = CounterRandom.Next(seed ^ Purpose, (ulong)step, (ulong)block);
        var logMiss = Math.Log(1 - sampleRate);
        long position = -1;
        for (ulong draw = 0; ; draw++)
        {
            var u = CounterRandom.NextDouble(key, 0, draw); // [0, 1): 1 − u in (0, 1], its log finite
            position += 1 + (long)Math.Floor(Math.Log(1 - u) / logMiss);
            if (position >= BlockRows)
            {
                yield break;
            }

            yield return (int)position;
        }
    }
}
