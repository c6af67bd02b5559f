using System.Collections.Concurrent;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>
/// What this silo's partition loads have read of each dataset so far, counted by the readers as they read, so the
/// driver can show a load as it goes (<see cref="ISiloAggregatorGrain.LoadProgressAsync"/>) rather than at its end.
/// </summary>
internal sealed class LoadMeters
{
    private readonly ConcurrentDictionary<string, LoadMeter> _byDataset = new(StringComparer.Ordinal);

    public LoadMeter For(string datasetId) => _byDataset.GetOrAdd(datasetId, _ => new LoadMeter());

    public LoadAmount Read(string datasetId) =>
        _byDataset.TryGetValue(datasetId, out var meter) ? new LoadAmount(meter.Bytes, meter.Rows) : new LoadAmount(0, 0);

    public void Forget(string datasetId) => _byDataset.TryRemove(datasetId, out _);
}
