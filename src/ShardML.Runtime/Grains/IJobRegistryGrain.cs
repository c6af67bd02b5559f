using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The cluster's list of running jobs, and of all jobs kept (one grain, key 0, kept in the state store). Every silo asks it now and then
/// to <see cref="ReviveAsync"/>: it asks each running job where it stands, and asking is what brings a job whose
/// driver's silo died back on a surviving silo — so such a job resumes by itself, even when no client is watching.
/// </summary>
[Alias("shardml.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Add"), ResponseTimeout("00:01:00")]
    Task AddAsync(string jobId);

    [Alias("Remove"), ResponseTimeout("00:01:00")]
    Task RemoveAsync(string jobId);

    [Alias("Running"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Read)]
    Task<string[]> RunningAsync();

    /// <summary>Drops a forgotten job from the lists.</summary>
    [Alias("Forget"), ResponseTimeout("00:01:00")]
    Task ForgetAsync(string jobId);

    /// <summary>Every job with a record: running, stopped, failed, or finished and not yet forgotten.</summary>
    [Alias("Kept"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Read)]
    Task<string[]> KeptAsync();

    /// <summary>Asks every listed job for its status (which revives an orphaned one) and drops those that ended.</summary>
    [Alias("Revive"), ResponseTimeout("00:01:00")]
    Task ReviveAsync();
}
