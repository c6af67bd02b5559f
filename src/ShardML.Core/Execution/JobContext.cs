using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ShardML.Core.Execution;

/// <summary>
/// What a running job gets from whatever runs it: the state to resume from, where to save checkpoints and how
/// often, and where to report progress. The runner decides where checkpoints live (a file, Redis, PostgreSQL) and
/// keeps the previous one, so a checkpoint lost or corrupted in the write leaves one to fall back on.
/// </summary>
public sealed class JobContext
{
    private readonly Func<int, byte[], CancellationToken, Task> _save;

    public JobContext(
        byte[]? resumeState, int checkpointInterval, Func<int, byte[], CancellationToken, Task> save, IProgress<TrainingProgress>? progress, ILoggerFactory? loggers = null)
    {
        Loggers = loggers ?? NullLoggerFactory.Instance;
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointInterval);
        ResumeState = resumeState;
        CheckpointInterval = checkpointInterval;
        _save = save;
        Progress = progress;
    }

    /// <summary>A context that saves nothing and starts fresh: for running a job once, in a test or a script.</summary>
    public static JobContext Transient(IProgress<TrainingProgress>? progress = null) => new(null, 0, (_, _, _) => Task.CompletedTask, progress);

    /// <summary>The state the job saved in its last good checkpoint, when resuming; null on a fresh start.</summary>
    public byte[]? ResumeState { get; }

    /// <summary>Save a checkpoint every this many iterations (and at the end); 0 saves none.</summary>
    public int CheckpointInterval { get; }

    public IProgress<TrainingProgress>? Progress { get; }

    /// <summary>Where the job's trainers log.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>True when iteration <paramref name="iteration"/> should end with a checkpoint.</summary>
    public bool IsCheckpointDue(int iteration) => CheckpointInterval > 0 && iteration > 0 && iteration % CheckpointInterval == 0;

    /// <summary>Saves the job's whole state as of the end of <paramref name="iteration"/>.</summary>
    public Task SaveAsync(int iteration, byte[] state, CancellationToken cancellationToken) => _save(iteration, state, cancellationToken);
}
