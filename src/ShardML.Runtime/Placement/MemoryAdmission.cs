using System.Globalization;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Placement;

/// <summary>
/// Admission control for a dataset, before any partition loads. Each partition's resident size is estimated from its
/// plan (<see cref="PartitionMemory"/>), each silo says what its heap may still take (<see cref="SiloMemory"/>: the GC's
/// limit, which honours cgroup limits and <c>DOTNET_GCHeapHardLimit</c>, less headroom and what it holds). A dataset
/// larger than the silos' room together is refused with <see cref="ClusterCapacityException"/>; one that fits but
/// that the balanced placement would pile onto a silo without room is placed by capacity instead
/// (<see cref="PartitionPlacement.AssignWithin"/>). Without it a dataset too large killed its silos one after another
/// as they loaded it, and their restarts revived the job into the same death.
/// </summary>
internal static partial class MemoryAdmission
{
    /// <summary>
    /// The share of a silo's memory limit kept free of partitions: a step's working memory (summaries, model-sized
    /// arrays), a load's buffers, and the runtime's own allocations between collections.
    /// </summary>
    public const double Headroom = 0.2;

    /// <summary>How long a silo has to say what memory it has; one that does not answer is left out of the count.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The placement of <paramref name="plan"/> over <paramref name="silos"/>: <paramref name="owners"/> (the balanced
    /// one) when every silo has room for its share, else one by capacity; throws when the silos cannot hold the data.
    /// </summary>
    public static async Task<string[]> AdmitAsync(
        IGrainFactory grains, string datasetId, DatasetPlan plan, IReadOnlyList<string> silos, string[] owners, ILogger logger, CancellationToken cancellationToken)
    {
        var sizes = PartitionMemory.Estimate(plan);
        if (sizes.Sum() == 0)
        {
            return owners; // a profiling load keeps no rows
        }

        var answers = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                return await grains.GetGrain<ISiloAggregatorGrain>(silo).MemoryAsync().WaitAsync(AskTimeout, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogUnanswered(logger, silo, e.Message);
                return null;
            }
        }));
        var memory = answers.OfType<SiloMemory>().ToArray();
        if (memory.Length == 0)
        {
            return owners; // no silo answered: the load itself will find out what is wrong with them
        }

        var placed = Decide(datasetId, sizes, memory, owners, Headroom);
        LogAdmitted(logger, datasetId, sizes.Sum() >> 20, memory.Sum(m => m.Capacity(Headroom)) >> 20, memory.Length, ReferenceEquals(placed, owners) ? "balanced" : "by capacity");
        return placed;
    }

    /// <summary>
    /// The decision alone: <paramref name="owners"/> if each silo has room for what they put on it; else a placement by
    /// capacity over the silos that answered; else <see cref="ClusterCapacityException"/> saying what is needed and
    /// what there is.
    /// </summary>
    public static string[] Decide(string datasetId, long[] sizes, IReadOnlyList<SiloMemory> silos, string[] owners, double headroom)
    {
        var capacity = silos.ToDictionary(s => s.Address, s => s.Capacity(headroom), StringComparer.Ordinal);
        var needed = sizes.Sum();
        var free = capacity.Values.Sum();
        if (needed > free)
        {
            throw new ClusterCapacityException(string.Create(
                CultureInfo.InvariantCulture,
                $"the data needs {Size(needed)} in memory, the cluster can hold {Size(free)} ({Silos(silos.Count)}: {Size(silos.Sum(s => s.LimitBytes))} of memory {(silos.Count == 1 ? "limit" : "limits together")}, less {headroom * 100:0}% headroom and what is held already); " +
                $"add silos or memory (to load it regardless: `MemoryCheck`)"));
        }

        var load = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var p = 0; p < owners.Length; p++)
        {
            load[owners[p]] = load.GetValueOrDefault(owners[p]) + sizes[p];
        }

        if (load.All(l => capacity.TryGetValue(l.Key, out var room) && l.Value <= room))
        {
            return owners;
        }

        return PartitionPlacement.AssignWithin(datasetId, sizes, [.. capacity.Select(c => (c.Key, c.Value))])
            ?? throw new ClusterCapacityException(
                $"the data needs {Size(needed)} in memory and the cluster has {Size(free)} free, but its largest partition needs {Size(sizes.Max())} and no silo has that much free " +
                $"(at most {Size(capacity.Values.Max())}); cut the data into more partitions (`Partitions`)");
    }

    /// <summary>A size as people read memory: decimal GB from a gigabyte, MB below.</summary>
    public static string Size(long bytes) => bytes >= 1_000_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0} GB")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(bytes, 0) / 1e6:0} MB");

    private static string Silos(int count) => count == 1 ? "1 silo" : $"{count} silos";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not say what memory it has ({Reason}); admission counts without it")]
    private static partial void LogUnanswered(ILogger logger, string silo, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dataset {Dataset} admitted: it needs {Needed} MiB, {Silos} silo(s) have {Free} MiB free; placed {How}")]
    private static partial void LogAdmitted(ILogger logger, string dataset, long needed, long free, int silos, string how);
}
