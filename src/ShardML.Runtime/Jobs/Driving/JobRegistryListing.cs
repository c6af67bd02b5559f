using Microsoft.Extensions.Logging;
using ShardML.Runtime.Grains;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// Keeps the job registry, which revives jobs whose driver is lost, in step with a job. Best effort: without it a
/// lost driver still comes back the next time a client asks, so a failure here must not fail the job.
/// </summary>
internal static class JobRegistryListing
{
    public static async Task ListAsync(IGrainFactory grains, string jobId, bool running, ILogger logger)
    {
        try
        {
            var registry = grains.GetGrain<IJobRegistryGrain>(0);
            await (running ? registry.AddAsync(jobId) : registry.RemoveAsync(jobId));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobLog.RegistryFailed(logger, jobId, e.Message);
        }
    }
}
