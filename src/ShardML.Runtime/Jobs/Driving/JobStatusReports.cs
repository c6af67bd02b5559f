using ShardML.Core.Execution;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>A job's record, the progress of its run and its running executor's statistics, as one report for clients.</summary>
internal static class JobStatusReports
{
    public static JobStatusReport Build(
        string jobId, JobRecord state, bool superseded, string? unsaved, TrainingProgress progress, ExecutionStatistics? running, (int? Iteration, long Bytes) lastCheckpoint, string driver) => new()
    {
        JobId = jobId,
        Status = state.Submission is null ? JobStatus.Unknown : superseded ? JobStatus.Running : state.Status, // another activation drives it
        Phase = progress.Phase,
        Iteration = progress.Iteration,
        MaximumIterations = progress.MaximumIterations,
        Loss = progress.Loss,
        LoadedBytes = progress.Load?.Bytes ?? 0,
        LoadBytes = progress.Load?.TotalBytes ?? 0,
        LoadedRows = progress.Load?.Rows ?? 0,
        ErrorKind = state.ErrorKind,
        Error = state.Error,
        ModelJson = state.ModelJson,
        Metrics = state.Metrics,
        DetailsJson = state.DetailsJson,
        Algorithm = state.Submission?.Settings.Algorithm ?? string.Empty,
        Owner = state.Owner,
        CreatedUtc = state.CreatedUtc,
        UpdatedUtc = state.UpdatedUtc,
        Statistics = state.Statistics.Append(running ?? new ExecutionStatistics()),
        Checkpoints = state.CheckpointsWritten,
        CheckpointBytes = state.CheckpointBytesWritten,
        LastCheckpointIteration = lastCheckpoint.Iteration,
        LastCheckpointBytes = lastCheckpoint.Bytes,
        ResumedFromIteration = state.ResumedFromIteration,
        Starts = state.Starts,
        Notes = [.. state.Notes],
        DriverSilo = driver,
        Unsaved = unsaved,
        RecoverySeconds = state.RecoverySeconds + state.Statistics.RecoverySeconds + (running?.RecoverySeconds ?? 0),
    };
}
