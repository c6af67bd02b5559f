using System.Runtime;
using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Grains;

/// <summary>
/// Gives a released dataset's memory back to the machine. Dropping the partitions makes them garbage, but a silo that
/// then sits idle allocates nothing, so no collection runs, and the GC keeps the pages it grew to for the next job: idle
/// silos stayed at 1.1–1.6 GiB after their jobs ended, which is memory the next job's admission (and the machine's
/// other tenants) cannot count on. So once a dataset is gone from a silo, and whatever step was still running on it
/// has had a moment to end, one aggressive collection compacts the heaps, the large object heap included (where partitions' arrays
/// live), and decommits what is free. Requests within that moment share one collection.
/// </summary>
internal sealed partial class MemoryReclaimer(ILogger<MemoryReclaimer> logger)
{
    /// <summary>Time for steps still running on released partitions to end before the collection.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private int _pending;

    /// <summary>Asks for a collection soon; returns at once.</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(Settle);
            Interlocked.Exchange(ref _pending, 0);
            var before = Environment.WorkingSet;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            LogReclaimed(logger, before >> 20, Environment.WorkingSet >> 20);
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A dataset was released: collected, working set {Before} MiB -> {After} MiB")]
    private static partial void LogReclaimed(ILogger logger, long before, long after);
}
