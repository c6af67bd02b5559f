using Microsoft.Extensions.Logging;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;

namespace ShardML.Runtime.Grains;

/// <inheritdoc cref="IJobRegistryGrain"/>
internal sealed partial class JobRegistryGrain(
    [PersistentState("job-registry", StateStore.Name)] IPersistentState<JobRegistryState> registry,
    ILogger<JobRegistryGrain> logger) : Grain, IJobRegistryGrain
{
    public async Task AddAsync(string jobId)
    {
        if (registry.State.Running.Add(jobId) | registry.State.Kept.Add(jobId))
        {
            await registry.WriteStateAsync();
        }
    }

    public async Task ForgetAsync(string jobId)
    {
        if (registry.State.Running.Remove(jobId) | registry.State.Kept.Remove(jobId))
        {
            await registry.WriteStateAsync();
        }
    }

    public Task<string[]> KeptAsync() =>
        Task.FromResult<string[]>([.. registry.State.Kept.Union(registry.State.Running).Order(StringComparer.Ordinal)]);

    public async Task RemoveAsync(string jobId)
    {
        if (registry.State.Running.Remove(jobId))
        {
            await registry.WriteStateAsync();
        }
    }

    public Task<string[]> RunningAsync() => Task.FromResult<string[]>([.. registry.State.Running.Order(StringComparer.Ordinal)]);

    public async Task ReviveAsync()
    {
        var ended = await Task.WhenAll(registry.State.Running.ToArray().Select(async jobId =>
        {
            try
            {
                var status = await GrainFactory.GetGrain<IJobGrain>(jobId).StatusAsync(); // times out in 15 s by itself
                return status.Status is JobStatus.Running ? null : jobId;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogUnanswered(logger, jobId, e.Message); // its silo may be dying right now; the next round asks again
                return null;
            }
        }));
        var removed = false;
        foreach (var jobId in ended.OfType<string>())
        {
            removed |= registry.State.Running.Remove(jobId);
        }

        if (removed)
        {
            await registry.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} did not say where it stands ({Reason}); asking again next round")]
    private static partial void LogUnanswered(ILogger logger, string job, string reason);
}
