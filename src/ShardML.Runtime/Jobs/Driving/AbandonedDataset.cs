using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// The partitions a previous driver of a job loaded and could not release. A new driver releases them before it
/// loads its own, as cleanup: it is needed for memory, not for the job's result, so it never fails the job. Right
/// after silos die the membership read itself can fail (its grain's directory entry may still point at a dead silo),
/// and is retried as other idempotent calls are (<see cref="TransientCalls"/>); a silo that does not answer, or a
/// cluster that stays unavailable, is logged and passed over.
/// </summary>
internal static class AbandonedDataset
{
    public static async Task ReleaseAsync(
        string datasetId, IMembershipView membership, Func<string, Task> releaseOn, ClusterExecutorOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> silos;
        try
        {
            silos = await TransientCalls.RetryAsync(() => membership.ActiveSilosAsync(cancellationToken), $"reading membership to release abandoned dataset {datasetId}", options, cancellationToken);
        }
        catch (ClusterUnavailableException e)
        {
            JobLog.ReleaseFailed(logger, datasetId, "any silo", e.Message);
            return;
        }

        // Awaited in full, unlike at a job's end: the new driver's data is admitted against what the silos still hold.
        await DatasetRelease.AskEachAsync(silos, releaseOn, (silo, e) => JobLog.ReleaseFailed(logger, datasetId, silo, e.Message));
    }
}
