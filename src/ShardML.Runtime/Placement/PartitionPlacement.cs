using System.IO.Hashing;
using System.Text;

namespace ShardML.Runtime.Placement;

/// <summary>
/// Which silo holds which partition: rendezvous (highest-random-weight) hashing (Thaler &amp; Ravishankar, 1998)
/// with bounded loads (Mirrokni, Thorup &amp; Zadimoghaddam, 2018). Each partition ranks the silos by a hash of
/// (dataset, partition, silo) and goes to the best-ranked silo that still has room: every silo gets ⌊P / S⌋
/// partitions and P mod S of them one more, so loads differ by at most one. <see cref="Assign"/> places a new
/// dataset; <see cref="Rebalance"/> changes a placement when silos join or leave, moving only what must move.
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

    /// <summary>
    /// Places partitions of <paramref name="sizes"/> bytes on silos that can take at most <paramref name="capacities"/>
    /// bytes each, for a dataset the balanced placement (<see cref="Assign"/>) would overfill a silo with. Largest
    /// partition first (first-fit decreasing packs tightest), each to the silo it ranks highest that has room and fewer
    /// than its share ⌈P / S⌉ of partitions, else to the highest-ranked with room: a silo with little memory gets fewer
    /// partitions, the others more. Null when some partition fits on no silo.
    /// </summary>
    public static string[]? AssignWithin(string datasetId, IReadOnlyList<long> sizes, IReadOnlyList<(string Silo, long Capacity)> capacities)
    {
        ArgumentOutOfRangeException.ThrowIfZero(capacities.Count);
        var share = (sizes.Count + capacities.Count - 1) / capacities.Count;
        var room = capacities.ToDictionary(c => c.Silo, c => c.Capacity, StringComparer.Ordinal);
        var load = capacities.ToDictionary(c => c.Silo, _ => 0, StringComparer.Ordinal);
        var result = new string[sizes.Count];
        foreach (var p in Enumerable.Range(0, sizes.Count).OrderByDescending(p => sizes[p]).ThenBy(p => p))
        {
            var ranked = room.Keys.OrderByDescending(s => Weight(datasetId, p, s)).ThenBy(s => s, StringComparer.Ordinal).ToArray();
            var silo = ranked.FirstOrDefault(s => room[s] >= sizes[p] && load[s] < share) ?? ranked.FirstOrDefault(s => room[s] >= sizes[p]);
            if (silo is null)
            {
                return null;
            }

            result[p] = silo;
            room[silo] -= sizes[p];
            load[silo]++;
        }

        return result;
    }

    /// <summary>
    /// Re-places <paramref name="owners"/> over <paramref name="silos"/> moving as few partitions as balance allows
    /// (sticky, like Kafka's sticky assignor): a partition stays on its silo while that silo remains and is within its
    /// share; the partitions of departed silos, and each overloaded silo's surplus (the ones it ranks lowest), go to
    /// the silos with room, each to the one it ranks highest. When the k-th silo joins, about P/k partitions move;
    /// when one leaves, only its own.
    /// </summary>
    public static string[] Rebalance(string datasetId, IReadOnlyList<string> owners, IReadOnlyList<string> silos)
    {
        ArgumentOutOfRangeException.ThrowIfZero(silos.Count);
        var count = owners.Count;
        var held = silos.Distinct(StringComparer.Ordinal).ToDictionary(s => s, _ => new List<int>(), StringComparer.Ordinal);
        var orphans = new List<int>();
        for (var p = 0; p < count; p++)
        {
            if (held.TryGetValue(owners[p], out var list))
            {
                list.Add(p);
            }
            else
            {
                orphans.Add(p);
            }
        }

        // The P mod S larger shares go to the silos holding most now, so the fewest partitions move.
        var floor = count / held.Count;
        var larger = count % held.Count;
        var capacity = held.OrderByDescending(h => h.Value.Count).ThenBy(h => h.Key, StringComparer.Ordinal)
            .Select((h, rank) => (h.Key, Capacity: floor + (rank < larger ? 1 : 0)))
            .ToDictionary(x => x.Key, x => x.Capacity, StringComparer.Ordinal);
        foreach (var (silo, list) in held)
        {
            var surplus = list.Count - capacity[silo];
            if (surplus > 0)
            {
                var weakest = list.OrderBy(p => Weight(datasetId, p, silo)).Take(surplus).ToArray();
                list.RemoveAll(weakest.Contains);
                orphans.AddRange(weakest);
            }
        }

        var result = owners.ToArray();
        foreach (var p in orphans.Order())
        {
            var target = held.Where(h => h.Value.Count < capacity[h.Key])
                .OrderByDescending(h => Weight(datasetId, p, h.Key)).ThenBy(h => h.Key, StringComparer.Ordinal)
                .First().Key;
            held[target].Add(p);
            result[p] = target;
        }

        return result;
    }

    private static ulong Weight(string datasetId, int partition, string silo) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{datasetId}\n{partition}\n{silo}"));
}
