using Microsoft.Extensions.Logging;
using ShardML.Runtime.Grains;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// Keeps the job registry, which revives jobs whose driver is lost, in step with a job. Best effort: without it a
/// lost driver still comes back the next time a client asks, so a failure here must not fail the job — nor hold it up:
/// the registry may live on a silo that is frozen, so an answer is waited for at most <see cref="Wait"/>, and a late
/// one still lands.
/// </summary>
internal static class JobRegistryListing
{
    /// <summary>The registry answers from memory and one state write: a healthy one within milliseconds.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public static async Task ListAsync(IGrainFactory grains, string jobId, bool running, ILogger logger)
    {
        try
        {
            var registry = grains.GetGrain<IJobRegistryGrain>(0);
            await (running ? registry.AddAsync(jobId) : registry.RemoveAsync(jobId)).WaitAsync(Wait);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobLog.RegistryFailed(logger, jobId, e.Message);
        }
    }

    /// <summary>Drops a forgotten job from the registry's lists; best effort too (a stale entry lists as unknown and <c>jobs gc</c> drops it).</summary>
    public static async Task ForgetAsync(IGrainFactory grains, string jobId, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IJobRegistryGrain>(0).ForgetAsync(jobId).WaitAsync(Wait);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobLog.RegistryFailed(logger, jobId, e.Message);
        }
    }
}
