namespace ShardML.Runtime;

/// <summary>
/// Asking silos to drop a dataset, best effort: at a job's end (<see cref="ClusterExecutor"/>) and when a new driver
/// finds what its predecessor left loaded (<see cref="Jobs.Driving.AbandonedDataset"/>). A silo that is gone dropped
/// the data with its memory, and one that does not answer drops it on deactivation, so a failed ask is reported and
/// passed over, never thrown.
/// </summary>
internal static class DatasetRelease
{
    /// <summary>Runs <paramref name="release"/> for every silo at once; a failure goes to <paramref name="failed"/>.</summary>
    public static Task AskEachAsync(IEnumerable<string> silos, Func<string, Task> release, Action<string, Exception>? failed = null) =>
        Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                await release(silo);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed?.Invoke(silo, e);
            }
        }));
}
