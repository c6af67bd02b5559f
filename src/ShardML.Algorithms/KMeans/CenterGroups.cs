using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The groups of centers of a Yinyang pass (Ding et al. 2015, §4.1): t ≈ k/10 groups found by a few Lloyd
/// iterations of k-means on the centers themselves, so a group's centers are close together and its lower bound
/// is tight. Fixed for a run of Yinyang passes; deterministic from the centers and the seed.
/// </summary>
/// <remarks>
/// Start: t distinct centers drawn by the seed (<see cref="CounterRandom"/>); then <see cref="Iterations"/> Lloyd
/// iterations in double, ties to the lowest group. Empty groups are dropped and the groups renumbered by their
/// lowest center, so the numbering depends only on the partition of the centers. Cost: Iterations·k·t·d, once.
/// </remarks>
public static class CenterGroups
{
    /// <summary>The paper's "five iterations of k-means on the initial centers".</summary>
    public const int Iterations = 5;

    /// <summary>The paper's t = k/10, at least one group.</summary>
    public static int GroupCount(int k) => Math.Max(1, k / 10);

    /// <summary>Each center's group, 0..t−1, every group non-empty.</summary>
    public static int[] Compute(float[] centers, int k, int d, ulong seed)
    {
        var t = GroupCount(k);
        var groupOf = new int[k];
        if (t == 1)
        {
            return groupOf;
        }

        var means = new double[t * d];
        var chosen = DistinctDraws(k, t, seed);
        for (var g = 0; g < t; g++)
        {
            for (var f = 0; f < d; f++)
            {
                means[(g * d) + f] = centers[(chosen[g] * d) + f];
            }
        }

        var sums = new double[t * d];
        var counts = new int[t];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(sums);
            Array.Clear(counts);
            for (var j = 0; j < k; j++)
            {
                var g = Nearest(centers.AsSpan(j * d, d), means, t, d);
                groupOf[j] = g;
                counts[g]++;
                for (var f = 0; f < d; f++)
                {
                    sums[(g * d) + f] += centers[(j * d) + f];
                }
            }

            for (var g = 0; g < t; g++)
            {
                for (var f = 0; f < d && counts[g] > 0; f++)
                {
                    means[(g * d) + f] = sums[(g * d) + f] / counts[g];
                }
            }
        }

        return Renumbered(groupOf, t);
    }

    /// <summary>The members of each group, ascending.</summary>
    public static int[][] Members(int[] groupOf, int groups)
    {
        var counts = new int[groups];
        foreach (var g in groupOf)
        {
            counts[g]++;
        }

        var members = new int[groups][];
        for (var g = 0; g < groups; g++)
        {
            members[g] = new int[counts[g]];
            counts[g] = 0;
        }

        for (var j = 0; j < groupOf.Length; j++)
        {
            members[groupOf[j]][counts[groupOf[j]]++] = j;
        }

        return members;
    }

    private static int Nearest(ReadOnlySpan<float> center, double[] means, int t, int d)
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var g = 0; g < t; g++)
        {
            double distance = 0;
            for (var f = 0; f < d; f++)
            {
                var diff = center[f] - means[(g * d) + f];
                distance += diff * diff;
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = g;
            }
        }

        return best;
    }

    /// <summary>t distinct indices below k, by a partial Fisher–Yates shuffle driven by the seed.</summary>
    private static int[] DistinctDraws(int k, int t, ulong seed)
    {
        var order = new int[k];
        for (var j = 0; j < k; j++)
        {
            order[j] = j;
        }

        const ulong Purpose = 0x59494E59414E47; // "YINYANG": a stream of its own, apart from the initialization's
        for (var i = 0; i < t; i++)
        {
            var pick = i + (int)(CounterRandom.Next(seed, Purpose, (ulong)i) % (ulong)(k - i));
            (order[i], order[pick]) = (order[pick], order[i]);
        }

        return order[..t];
    }

    /// <summary>Non-empty groups numbered 0, 1, … in the order of their lowest center.</summary>
    private static int[] Renumbered(int[] groupOf, int t)
    {
        var map = new int[t];
        Array.Fill(map, -1);
        var next = 0;
        var renumbered = new int[groupOf.Length];
        for (var j = 0; j < groupOf.Length; j++)
        {
            var g = groupOf[j];
            if (map[g] < 0)
            {
                map[g] = next++;
            }

            renumbered[j] = map[g];
        }

        return renumbered;
    }
}
