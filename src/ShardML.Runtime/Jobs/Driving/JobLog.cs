using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>What a job's driver logs, source-generated.</summary>
internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} could not update the registry of running jobs ({Reason}); it is revived only when asked about")]
    internal static partial void RegistryFailed(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} was running when its driver was lost; resuming it here from its last checkpoint")]
    internal static partial void DriverLost(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} was running when its driver was lost, again, and is not revived: {Reason}")]
    internal static partial void Quarantined(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job} compiled {Count} kernels in {Milliseconds:F1} ms while its data loaded{Failures}")]
    internal static partial void KernelsPrepared(ILogger logger, string job, int count, double milliseconds, string failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} finished in {Seconds:F2} s")]
    internal static partial void Finished(ILogger logger, string job, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} failed ({Kind})")]
    internal static partial void Failed(ILogger logger, Exception exception, string job, JobErrorKind kind);

    // Information, not a warning: the input was at fault, not the silo; a silo's log shows it, and the client reports it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} failed ({Kind}): {Reason}")]
    internal static partial void Refused(ILogger logger, string job, JobErrorKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} resumes from the checkpoint of iteration {Iteration}")]
    internal static partial void Resumed(ILogger logger, string job, int iteration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: {Note}")]
    internal static partial void CheckpointSkipped(ILogger logger, string job, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: the checkpoint of iteration {Iteration} could not be written ({Reason}); the previous one still holds")]
    internal static partial void CheckpointFailed(ILogger logger, string job, int iteration, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not release abandoned dataset {Dataset} on {Silo}: {Reason}")]
    internal static partial void ReleaseFailed(ILogger logger, string dataset, string silo, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: this activation is going ({Reason}); the next one resumes it from its checkpoint")]
    internal static partial void HandingOver(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} is driven by another activation now; this one stops")]
    internal static partial void Superseded(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos: could not kill silo {Silo}")]
    internal static partial void ChaosKillFailed(ILogger logger, Exception exception, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos: killing silo {Silo} at iteration {Iteration}")]
    internal static partial void ChaosKill(ILogger logger, string silo, int iteration);

    // The message only: a full disk or a store that is down is the machine's trouble, and its trace says nothing more.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} goes on without its record saved: {Reason}")]
    internal static partial void RecordUnsaved(ILogger logger, string job, string reason);
}
