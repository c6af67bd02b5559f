using ShardML.Runtime.Jobs;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The driver of one training job (key: the job id). It runs the job on whichever silo it lives, saves checkpoints
/// to grain storage, and, if its silo dies, comes back on another the next time anyone asks about the job and
/// resumes from the last good checkpoint.
/// </summary>
/// <remarks>
/// Each call has a response timeout of its own, far below the cluster's (which must outlast a long step): a call
/// in flight to a silo that dies is never answered, and a client must learn that in seconds, ask again, and so
/// revive the driver elsewhere, not wait half an hour.
/// </remarks>
[Alias("shardml.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job, or reports on it if this id already runs or finished.</summary>
    [Alias("Start"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Train)]
    Task<JobStatusReport> StartAsync(JobSubmission submission);

    [Alias("Status"), Orleans.Concurrency.AlwaysInterleave, ResponseTimeout("00:00:15"), Requires(AccessLevel.Read)]
    Task<JobStatusReport> StatusAsync();

    /// <summary>Where the job stands, without taking up a job whose driver was lost (for listing jobs: asking must not resume one).</summary>
    [Alias("Describe"), Orleans.Concurrency.AlwaysInterleave, ResponseTimeout("00:00:15"), Requires(AccessLevel.Read)]
    Task<JobStatusReport> DescribeAsync();

    /// <summary>Resumes a stopped or failed job from its last good checkpoint (or reports on a running one), with <paramref name="changes"/> to its settings.</summary>
    [Alias("Resume"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Train)]
    Task<JobStatusReport> ResumeAsync(JobSettingsOverride? changes);

    /// <summary>Deletes a finished job's record and checkpoints, once its result has been delivered.</summary>
    [Alias("Forget"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Train)]
    Task ForgetAsync();

    /// <summary>Stops the job and keeps its checkpoints.</summary>
    [Alias("Stop"), ResponseTimeout("00:02:00"), Requires(AccessLevel.Train)]
    Task<JobStatusReport> StopAsync();
}
