using System.IO.Hashing;
using System.Text;

namespace ShardML.Runtime.Placement;

/// <summary>
/// Which silo holds which partition: rendezvous (highest-random-weight) hashing (Thaler &amp; Ravishankar, 1998)
/// with bounded loads (Mirrokni, Thorup &amp; Zadimoghaddam, 2018). Each partition ranks the silos by a hash of
/// (dataset, partition, silo) and goes to the best-ranked silo that still has room: every silo gets ⌊P / S⌋
/// partitions and P mod S of them one more, so loads differ by at most one, and when a silo joins or leaves mostly
/// only the partitions that must move do.
/// </summary>
public static class PartitionPlacement
{
    /// <summary>Assigns partitions 0..P−1 to <paramref name="silos"/>; returns the silo of each partition.</summary>
    public static string[] Assign(string datasetId, int partitionCount, IReadOnlyList<string> silos)
    {
        ArgumentOutOfRangeException.ThrowIfZero(silos.Count);
        var floor = partitionCount / silos.Count;
        var extraAllowed = partitionCount % silos.Count;
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new string[partitionCount];
        for (var p = 0; p < partitionCount; p++)
        {
            var ranked = silos.OrderByDescending(s => Weight(datasetId, p, s)).ThenBy(s => s, StringComparer.Ordinal);
            result[p] = ranked.First(s => load.GetValueOrDefault(s) < floor || (load.GetValueOrDefault(s) == floor && extraAllowed > 0));
            var newLoad = load.GetValueOrDefault(result[p]) + 1;
            load[result[p]] = newLoad;
            if (newLoad == floor + 1)
            {
                extraAllowed--;
            }
        }

        return result;
    }

    private static ulong Weight(string datasetId, int partition, string silo) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{datasetId}\n{partition}\n{silo}"));
}
