using System.Collections.Concurrent;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The partitions in this silo's memory, by dataset and index: loaded here from their sources by the silo's
/// aggregator, kept until released. Not grains, on purpose: a grain needs an entry in Orleans' grain directory, and the
/// directory's entry for a partition may live on any silo — a frozen one too, and then activating the partition waits
/// until membership declares that silo dead. A share run again on a healthy silo (a speculative copy of a frozen
/// silo's share) must depend on nothing but that silo and the partitions' sources, so it loads them here.
/// </summary>
internal sealed partial class SiloPartitions(LoadMeters meters, DataRoots roots, ILocalSiloDetails silo, ILogger<SiloPartitions> logger)
{
    private readonly ConcurrentDictionary<(string Dataset, int Index), Partition> _held = new();

    public Partition? Find(string datasetId, int index) => _held.GetValueOrDefault((datasetId, index));

    /// <summary>
    /// The partition, loaded from its source first when it is not here; <paramref name="loaded"/> says it was. Runs on
    /// the caller's thread: the aggregator calls it from the thread pool, one partition per task.
    /// </summary>
    public Partition Obtain(string datasetId, PartitionTask task, CancellationToken cancellationToken, out bool loaded)
    {
        loaded = false;
        if (Find(datasetId, task.Index) is { } held)
        {
            return held;
        }

        var partition = Load(datasetId, task, cancellationToken);
        _held[(datasetId, task.Index)] = partition;
        loaded = true;
        return partition;
    }

    /// <summary>Drops a partition; true if it was here.</summary>
    public bool Release(string datasetId, int index) => _held.TryRemove((datasetId, index), out _);

    /// <summary>True while this silo holds any partition of the dataset.</summary>
    public bool HoldsAny(string datasetId) => _held.Keys.Any(k => string.Equals(k.Dataset, datasetId, StringComparison.Ordinal));

    /// <summary>Every partition held, by dataset: what a silo reports when described.</summary>
    public IEnumerable<(string Dataset, Partition Partition)> All => _held.Select(h => (h.Key.Dataset, h.Value));

    public PartitionLoaded Describe(Partition partition) => new(
        partition.Index,
        partition.RowCount,
        partition.Sparse?.Columns ?? partition.Dense!.Columns,
        partition.MemoryBytes,
        silo.SiloAddress.ToParsableString(),
        partition.DroppedRows);

    private Partition Load(string datasetId, PartitionTask task, CancellationToken cancellationToken)
    {
        try
        {
            var source = MemoryPackSerializer.Deserialize<PartitionSource>(task.Source)
                ?? throw new InvalidOperationException("empty partition source");
            foreach (var path in DataRoots.PathsOf(source))
            {
                roots.Require(path);
            }

            var partition = PartitionLoader.Load(source, meters.For(datasetId), cancellationToken);
            LogLoaded(logger, task.Index, partition.RowCount, partition.MemoryBytes);
            return partition;
        }
        catch (IOException e)
        {
            // The node's problem, not the data's (a missing mount, a stale copy): another silo may load it.
            throw new PartitionUnavailableException($"partition {task.Index} on silo {silo.SiloAddress}: {(roots.Restricted ? DataRoots.Redact(e.Message) : e.Message)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = new PartitionFailedException(task.Index, e);
            throw roots.Restricted ? failed.Redacted() : failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partition {Index} loaded: {Rows} rows, {Bytes} bytes")]
    private static partial void LogLoaded(ILogger logger, int index, int rows, long bytes);
}
