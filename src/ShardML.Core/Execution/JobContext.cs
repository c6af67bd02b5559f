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
    private readonly TimeProvider _time;
    private long _since;

    /// <summary>A context that saves every <paramref name="checkpointInterval"/> iterations (0: never).</summary>
    public JobContext(
        byte[]? resumeState, int checkpointInterval, Func<int, byte[], CancellationToken, Task> save, IProgress<TrainingProgress>? progress, ILoggerFactory? loggers = null)
        : this(resumeState, CheckpointSchedule.EveryIterations(NonNegative(checkpointInterval)), save, progress, loggers)
    {
    }

    /// <summary>
    /// A context that saves on <paramref name="schedule"/>; by time, the training time counts from now (so loading the
    /// data is not training), read from <paramref name="time"/> (the system's clock unless a test gives its own).
    /// </summary>
    public JobContext(
        byte[]? resumeState,
        CheckpointSchedule schedule,
        Func<int, byte[], CancellationToken, Task> save,
        IProgress<TrainingProgress>? progress,
        ILoggerFactory? loggers = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfNegative(schedule.Iterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(schedule.Period, TimeSpan.Zero);
        Loggers = loggers ?? NullLoggerFactory.Instance;
        ResumeState = resumeState;
        Schedule = schedule;
        _save = save;
        Progress = progress;
        _time = time ?? TimeProvider.System;
        _since = _time.GetTimestamp();
    }

    /// <summary>A context that saves nothing and starts fresh: for running a job once, in a test or a script.</summary>
    public static JobContext Transient(IProgress<TrainingProgress>? progress = null) => new(null, 0, (_, _, _) => Task.CompletedTask, progress);

    /// <summary>The state the job saved in its last good checkpoint, when resuming; null on a fresh start.</summary>
    public byte[]? ResumeState { get; }

    /// <summary>When checkpoints are saved.</summary>
    public CheckpointSchedule Schedule { get; }

    /// <summary>Save a checkpoint every this many iterations; 0 when saving by time or not at all.</summary>
    public int CheckpointInterval => Schedule.Iterations;

    public IProgress<TrainingProgress>? Progress { get; }

    /// <summary>Where the job's trainers log.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>
    /// True when iteration <paramref name="iteration"/> should end with a checkpoint: by iterations, every Nth; by time,
    /// once the period has passed since training started or since the last checkpoint.
    /// </summary>
    public bool IsCheckpointDue(int iteration) =>
        Schedule.ByIterations ? iteration > 0 && iteration % Schedule.Iterations == 0 : IsPeriodOver;

    /// <summary>
    /// True when a phase boundary (the end of an initialization) should be saved: always when saving by iterations, as
    /// such a checkpoint always was; by time, only once the period is over, as for an iteration.
    /// </summary>
    public bool IsBoundaryDue => Schedule.ByIterations || IsPeriodOver;

    private bool IsPeriodOver => Schedule.Period > TimeSpan.Zero && _time.GetElapsedTime(_since) >= Schedule.Period;

    /// <summary>Saves the job's whole state as of the end of <paramref name="iteration"/>; by time, the period starts again.</summary>
    public async Task SaveAsync(int iteration, byte[] state, CancellationToken cancellationToken)
    {
        await _save(iteration, state, cancellationToken);
        _since = _time.GetTimestamp();
    }

    private static int NonNegative(int interval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(interval, "checkpointInterval");
        return interval;
    }
}
