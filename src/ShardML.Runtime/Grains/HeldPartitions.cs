using System.Collections.Concurrent;
using ShardML.Core.Data;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The partitions in this silo's memory, by partition grain key. Each partition grain owns its partition — it loads,
/// reloads and releases it — and lists it here while it holds it, so the silo's aggregator can run a pass on the
/// held partitions itself, one core per step (<see cref="SiloAggregatorGrain"/>), instead of one grain turn each.
/// </summary>
internal sealed class HeldPartitions
{
    private readonly ConcurrentDictionary<string, Partition> _byKey = new(StringComparer.Ordinal);

    public void Add(string key, Partition partition) => _byKey[key] = partition;

    /// <summary>Forgets <paramref name="partition"/> under <paramref name="key"/>, and nothing a newer load put there.</summary>
    public void Remove(string key, Partition partition) => _byKey.TryRemove(KeyValuePair.Create(key, partition));

    public Partition? Find(string key) => _byKey.GetValueOrDefault(key);
}
