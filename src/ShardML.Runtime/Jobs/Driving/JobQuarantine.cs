namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// A job whose driver keeps dying is not revived forever. A job that takes its silos down with it — partitions that do
/// not fit their memory, a step that crashes the process — would otherwise be revived by the next silo, take that one
/// down too, and crash-loop the cluster. So each lost driver is recorded with the job, and the third within five
/// minutes marks the job failed ("quarantined", exit 5) with its checkpoints kept; <c>train --resume</c> starts the
/// count again once the operator has dealt with the cause.
/// </summary>
internal static class JobQuarantine
{
    /// <summary>How many lost drivers within <see cref="Window"/> quarantine a job.</summary>
    public const int Losses = 3;

    /// <summary>How far back lost drivers count.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Records a lost driver at <paramref name="now"/>; returns the reason to quarantine the job, or null to revive it.</summary>
    public static string? LostDriver(JobRecord record, string jobId, DateTime now)
    {
        record.DriverLosses.RemoveAll(t => now - t > Window);
        record.DriverLosses.Add(now);
        if (record.DriverLosses.Count < Losses)
        {
            return null;
        }

        var span = (now - record.DriverLosses[0]).TotalSeconds;
        return $"quarantined: its driver was lost {record.DriverLosses.Count} times within {span:0} s — the silos driving it died or were stopped, "
            + $"as when its partitions do not fit their memory — so it is not revived again; its checkpoints are kept: fix the cause, then 'shardml train --resume {jobId}'";
    }
}
