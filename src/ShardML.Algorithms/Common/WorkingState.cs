using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// Freeing a job's entries in <see cref="Core.Data.Partition.State"/> when it ends (<see cref="DropStateStep"/>). Best
/// effort, and bounded: the state is a cache, so failing to drop it costs memory until the partitions are released
/// with the dataset, never a wrong result — while waiting for it on a cluster going away (a job failing for want of
/// silos) would cost a whole recovery timeout more. A cancelled job does not try: it is to stop now, and releasing its
/// dataset frees the state with the rows.
/// </summary>
public static class WorkingState
{
    /// <summary>How long a drop may take before the job goes on without it.</summary>
    public static readonly TimeSpan DropTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What became of a drop.</summary>
    public enum DropOutcome
    {
        Dropped,

        /// <summary>The job was cancelled, so it did not try.</summary>
        Skipped,

        Failed,
    }

    /// <summary>Drops <paramref name="key"/> on every partition; never throws (but for out-of-memory). The failure, if any, comes back for the caller to log.</summary>
    public static async Task<(DropOutcome Outcome, Exception? Failure)> DropAsync(IPartitionExecutor executor, string key, CancellationToken jobCancellation)
    {
        if (jobCancellation.IsCancellationRequested)
        {
            return (DropOutcome.Skipped, null);
        }

        using var timeout = new CancellationTokenSource(DropTimeout);
        try
        {
            await executor.RunAsync(new DropStateStep(key), timeout.Token);
            return (DropOutcome.Dropped, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (DropOutcome.Failed, e);
        }
    }
}
