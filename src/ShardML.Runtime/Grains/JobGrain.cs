using System.Diagnostics;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;

namespace ShardML.Runtime.Grains;

/// <summary>
/// Drives one job. The record and two checkpoint slots are grain state in the cluster's state store; the run itself
/// is a task on this activation. When the activation is lost with its silo, the next call to this grain activates
/// it on another silo, which finds the record still "running" and resumes from the newest checkpoint whose checksum
/// holds — so a job survives its driver's silo as it survives any other.
/// </summary>
internal sealed partial class JobGrain(
    [PersistentState("job", StateStore.Name)] IPersistentState<JobRecord> record,
    [PersistentState("checkpoint-a", StateStore.Name)] IPersistentState<CheckpointSlot> slotA,
    [PersistentState("checkpoint-b", StateStore.Name)] IPersistentState<CheckpointSlot> slotB,
    WireTypeRegistry wire,
    ChaosSwitch chaos,
    ILocalSiloDetails silo,
    ILoggerFactory loggers,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private Task? _run;
    private bool _orphaned;
    private bool _superseded;
    private bool _handingOver;
    private CancellationTokenSource? _stop;
    private TrainingProgress _progress = new("loading", 0, 0, double.NaN);
    private ClusterExecutor? _executor;
    private (int Iteration, long Bytes)? _lastCheckpoint;

    private string JobId => this.GetPrimaryKeyString();

    private CheckpointSlots Checkpoints => new(slotA, slotB);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record still "running" means the previous driver is gone (its silo died, or this process did). The first
        // call carries on from the last checkpoint: with its settings if it is a resume, else with the job's own.
        _orphaned = record.State.Status == JobStatus.Running && record.State.Submission is not null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The activation is going (its silo shuts down, or it was idle-collected): stop driving, but leave the record
    /// "running", so the next activation, here or on another silo, adopts the job and resumes it from its checkpoint.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_run is { IsCompleted: false } run)
        {
            _handingOver = true;
            LogHandingOver(logger, JobId, reason.Description);
            await _stop!.CancelAsync();
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // The run ends on its own; the record stays "running" for whoever takes over.
            }
        }
    }

    public async Task<JobStatusReport> StartAsync(JobSubmission submission)
    {
        if (record.RecordExists && record.State.Submission is { } existing)
        {
            // The same submission again (a client retrying) reports on the job; another one under this id is refused.
            return SameJob(existing, submission)
                ? Report()
                : throw new ArgumentException($"a job '{JobId}' already exists ({record.State.Status}) with another algorithm, options or data; choose another id, or resume it with --resume {JobId}");
        }

        if (submission.Settings.UsesChaos && !chaos.Enabled)
        {
            throw new ArgumentException(ChaosSwitch.Refusal("--chaos").Message);
        }

        record.State = new JobRecord { Submission = submission, Status = JobStatus.Running, CreatedUtc = DateTime.UtcNow };
        await WriteRecordAsync();
        Launch(resume: false);
        return Report();
    }

    public Task<JobStatusReport> StatusAsync()
    {
        AdoptOrphan();
        return Task.FromResult(Report());
    }

    public void Dispose()
    {
        _stop?.Dispose();
        _writes.Dispose();
    }

    public async Task<JobStatusReport> ResumeAsync(JobSettingsOverride? changes)
    {
        _orphaned = false; // resumed below, with these settings
        if (record.State.Submission is not { } submission || record.State.Status == JobStatus.Succeeded || _run is { IsCompleted: false })
        {
            return Report();
        }

        if (changes is not null)
        {
            var settings = changes.ApplyTo(submission.Settings);
            if (settings.Executor.Validate() is { } problem)
            {
                throw new ArgumentException(problem);
            }

            if (settings.UsesChaos && !chaos.Enabled)
            {
                throw new ArgumentException(ChaosSwitch.Refusal("--chaos").Message);
            }

            record.State.Submission = submission with { Settings = settings };
        }

        record.State.Status = JobStatus.Running;
        record.State.Error = null;
        record.State.ErrorKind = JobErrorKind.None;
        await WriteRecordAsync();
        Launch(resume: true);
        return Report();
    }

    public async Task ForgetAsync()
    {
        _orphaned = false; // forgotten, not resumed
        if (_run is { IsCompleted: false } run)
        {
            if (record.State.Status == JobStatus.Running)
            {
                throw new InvalidOperationException($"job {JobId} is still running; stop it first");
            }

            await run; // finished: only releasing its dataset and writing its record remain
        }

        await ClearCheckpointsAsync();
        if (record.RecordExists)
        {
            await record.ClearStateAsync();
        }

        record.State = new JobRecord();
        DeactivateOnIdle();
    }

    public async Task<JobStatusReport> StopAsync()
    {
        if (_orphaned)
        {
            _orphaned = false;
            record.State.Status = JobStatus.Stopped;
            await WriteRecordAsync();
            await ListAsRunningAsync(false);
        }

        if (_run is { IsCompleted: false } run)
        {
            await _stop!.CancelAsync();
            await run;
        }

        return Report();
    }

    private void AdoptOrphan()
    {
        if (_orphaned)
        {
            _orphaned = false;
            LogDriverLost(logger, JobId);
            Launch(resume: true);
        }
    }

    private void Launch(bool resume)
    {
        DelayDeactivation(TimeSpan.FromDays(7));
        _stop?.Dispose();
        _stop = new CancellationTokenSource();
        _run = RunAsync(resume, _stop.Token);
    }

    private async Task RunAsync(bool resume, CancellationToken cancellationToken)
    {
        var state = record.State;
        var submission = state.Submission!;
        var settings = submission.Settings;
        var clock = Stopwatch.StartNew();
        state.Starts++;
        await ListAsRunningAsync(true);
        try
        {
            var job = wire.Decode<ITrainingJob>(new WirePayload(submission.JobType, submission.Job));
            var plan = MemoryPackSerializer.Deserialize<DatasetPlan>(submission.Plan) ?? throw new InvalidOperationException("the job's dataset plan is empty");
            var resumeState = resume ? await RestoreAsync(settings.CorruptCheckpointOnResume) : null;
            if (settings.CorruptCheckpointOnResume)
            {
                state.Submission = submission with { Settings = settings with { CorruptCheckpointOnResume = false } }; // once, not at every resume
            }
            if (state.DatasetId is { } abandoned)
            {
                await ReleaseAbandonedAsync(abandoned);
            }

            if (PartitionLoader.ChangedHere(plan))
            {
                throw new DataFormatException(plan.Path, 0, 0, "the file changed since the job was planned (another length or time); a job runs and resumes only on the data it started with: start a new job for the new data");
            }

            _executor = await ClusterExecutor.LoadAsync(GrainFactory, wire, new ManagementMembershipView(GrainFactory), plan, settings.Executor, silo.SiloAddress.ToParsableString(), logger, cancellationToken);
            state.DatasetId = _executor.DatasetId;
            await WriteRecordAsync();
            if (resume)
            {
                state.RecoverySeconds += clock.Elapsed.TotalSeconds; // lost work is redone below; what is counted here is the restart itself
            }

            var context = new JobContext(resumeState, settings.CheckpointInterval, SaveCheckpointAsync, new Progress(this), loggers);
            var outcome = await job.RunAsync(_executor, context, cancellationToken);
            state.Status = JobStatus.Succeeded;
            state.ModelJson = outcome.ModelJson;
            state.Metrics = new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal);
            state.DetailsJson = outcome.DetailsJson;
            LogFinished(logger, JobId, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _handingOver)
        {
            state.Status = JobStatus.Running; // another activation resumes it from its checkpoint
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            state.Status = JobStatus.Stopped;
            state.Notes.Add($"stopped on request at iteration {_progress.Iteration}; resume with its id");
        }
        catch (Exception e)
        {
            var (kind, message) = JobErrors.Classify(e);
            state.Status = JobStatus.Failed;
            state.ErrorKind = kind;
            state.Error = message;
            if (kind == JobErrorKind.Unexpected)
            {
                LogFailed(logger, e, JobId, kind);
            }
            else
            {
                LogRefused(logger, JobId, kind, message); // the user's input, not a fault of ours: no stack trace
            }
        }
        finally
        {
            if (_executor is { } executor)
            {
                state.Statistics = state.Statistics.Append(executor.Statistics);
                _executor = null;
                await executor.DisposeAsync();
                state.DatasetId = null;
            }

            await WriteRecordAsync();
        }

        if (state.Status != JobStatus.Running)
        {
            await ListAsRunningAsync(false);
        }

        if (state.Status == JobStatus.Succeeded)
        {
            // Only once the model is safely in the record: a crash before this point resumes, it never loses the result.
            try
            {
                await ClearCheckpointsAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogCheckpointFailed(logger, e, JobId, _progress.Iteration);
            }
        }
    }

    /// <summary>The newest checkpoint whose checksum holds, noting any newer one that did not.</summary>
    private async Task<byte[]?> RestoreAsync(bool corruptFirst)
    {
        var notes = record.State.Notes;
        var slot = await Checkpoints.RestoreAsync(corruptFirst, note =>
        {
            notes.Add(note);
            LogCheckpointSkipped(logger, JobId, note);
        });
        record.State.ResumedFromIteration = slot?.Iteration;
        if (slot is null)
        {
            notes.Add("no usable checkpoint: started again from the beginning");
            return null;
        }

        notes.Add($"resumed from the checkpoint of iteration {slot.Iteration}");
        LogResumed(logger, JobId, slot.Iteration);
        return slot.State;
    }

    /// <summary>Releases, on every silo, the partitions a previous driver of this job loaded and could not release.</summary>
    private async Task ReleaseAbandonedAsync(string datasetId)
    {
        var silos = await new ManagementMembershipView(GrainFactory).ActiveSilosAsync(CancellationToken.None);
        await Task.WhenAll(silos.Select(async s =>
        {
            try
            {
                await GrainFactory.GetGrain<ISiloAggregatorGrain>(s).ReleaseDatasetAsync(datasetId).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogReleaseFailed(logger, datasetId, s, e.Message);
            }
        }));
    }

    private async Task SaveCheckpointAsync(int iteration, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await Checkpoints.SaveAsync(iteration, payload, cancellationToken);
            record.State.CheckpointsWritten++;
            record.State.CheckpointBytesWritten += payload.Length;
            _lastCheckpoint = (iteration, payload.Length);
            await WriteRecordAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            _superseded = true;
            LogSuperseded(logger, JobId);
            _stop?.Cancel();
            DeactivateOnIdle();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A checkpoint that cannot be written costs recovery work later, not the job: the other slot still holds.
            LogCheckpointFailed(logger, e, JobId, iteration);
        }
    }

    private Task ClearCheckpointsAsync() => Checkpoints.ClearAsync();

    /// <summary>
    /// Keeps the job registry, which revives jobs whose driver is lost, in step with this job. Best effort: without
    /// it a lost driver still comes back the next time a client asks, so a failure here must not fail the job.
    /// </summary>
    private async Task ListAsRunningAsync(bool running)
    {
        if (_superseded)
        {
            return;
        }

        try
        {
            var registry = GrainFactory.GetGrain<IJobRegistryGrain>(0);
            await (running ? registry.AddAsync(JobId) : registry.RemoveAsync(JobId));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRegistryFailed(logger, JobId, e.Message);
        }
    }

    private void OnProgress(TrainingProgress progress)
    {
        _progress = progress;
        DelayDeactivation(TimeSpan.FromDays(7)); // a long job is never idle-collected while it makes progress
        var driver = silo.SiloAddress.ToParsableString();
        if (ChaosKillPlan.Victim(record.State.Submission!.Settings, record.State.ChaosKillDone, progress, _executor?.Placement ?? [], driver) is { } kill)
        {
            _ = KillAsync(kill.Silo, kill.What);
        }
    }

    private async Task KillAsync(string victim, string what)
    {
        record.State.ChaosKillDone = true;
        try
        {
            record.State.Notes.Add($"chaos: killed {what} ({victim}) at iteration {_progress.Iteration}");
            await WriteRecordAsync();
            LogChaosKill(logger, victim, _progress.Iteration);
            await GrainFactory.GetGrain<ISiloAggregatorGrain>(victim).KillAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            record.State.Notes.Add($"chaos: could not kill {victim}: {e.Message}");
            LogChaosKillFailed(logger, e, victim);
        }
    }

    /// <summary>
    /// Writes the record. A write refused for a stale ETag means another activation of this grain drives the job now
    /// (when a silo dies, the directory can briefly lose track of a grain and a second activation appears): this one
    /// stops its run and leaves, so the job has one driver and its state one writer.
    /// </summary>
    private async Task WriteRecordAsync()
    {
        if (_superseded)
        {
            return;
        }

        await _writes.WaitAsync();
        try
        {
            record.State.UpdatedUtc = DateTime.UtcNow;
            await record.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            _superseded = true;
            LogSuperseded(logger, JobId);
            _stop?.Cancel();
            DeactivateOnIdle();
        }
        finally
        {
            _writes.Release();
        }
    }

    private JobStatusReport Report()
    {
        var state = record.State;
        var latest = Checkpoints.Latest;
        return new JobStatusReport
        {
            JobId = JobId,
            Status = state.Submission is null ? JobStatus.Unknown : _superseded ? JobStatus.Running : state.Status, // another activation drives it
            Phase = _progress.Phase,
            Iteration = _progress.Iteration,
            MaximumIterations = _progress.MaximumIterations,
            Loss = _progress.Loss,
            ErrorKind = state.ErrorKind,
            Error = state.Error,
            ModelJson = state.ModelJson,
            Metrics = state.Metrics,
            DetailsJson = state.DetailsJson,
            Algorithm = state.Submission?.Settings.Algorithm ?? string.Empty,
            Statistics = state.Statistics.Append(_executor?.Statistics ?? new ExecutionStatistics()),
            Checkpoints = state.CheckpointsWritten,
            CheckpointBytes = state.CheckpointBytesWritten,
            LastCheckpointIteration = _lastCheckpoint?.Iteration ?? latest?.Iteration,
            LastCheckpointBytes = _lastCheckpoint?.Bytes ?? latest?.State.LongLength ?? 0,
            ResumedFromIteration = state.ResumedFromIteration,
            Starts = state.Starts,
            Notes = [.. state.Notes],
            DriverSilo = silo.SiloAddress.ToParsableString(),
            RecoverySeconds = state.RecoverySeconds + state.Statistics.RecoverySeconds + (_executor?.Statistics.RecoverySeconds ?? 0),
        };
    }

    private static bool SameJob(JobSubmission a, JobSubmission b) =>
        a.JobType == b.JobType && a.Job.AsSpan().SequenceEqual(b.Job) && a.Plan.AsSpan().SequenceEqual(b.Plan);

    /// <summary>Reports synchronously on the grain's own scheduler (unlike <see cref="Progress{T}"/>, which posts elsewhere).</summary>
    private sealed class Progress(JobGrain grain) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => grain.OnProgress(value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} could not update the registry of running jobs ({Reason}); it is revived only when asked about")]
    private static partial void LogRegistryFailed(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} was running when its driver was lost; resuming it here from its last checkpoint")]
    private static partial void LogDriverLost(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} finished in {Seconds:F2} s")]
    private static partial void LogFinished(ILogger logger, string job, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} failed ({Kind})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, JobErrorKind kind);

    // Information, not a warning: the input was at fault, not the silo; a silo's log shows it, and the client reports it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} failed ({Kind}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string job, JobErrorKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} resumes from the checkpoint of iteration {Iteration}")]
    private static partial void LogResumed(ILogger logger, string job, int iteration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: {Note}")]
    private static partial void LogCheckpointSkipped(ILogger logger, string job, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: the checkpoint of iteration {Iteration} could not be written; the previous one still holds")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string job, int iteration);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not release abandoned dataset {Dataset} on {Silo}: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string dataset, string silo, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: this activation is going ({Reason}); the next one resumes it from its checkpoint")]
    private static partial void LogHandingOver(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} is driven by another activation now; this one stops")]
    private static partial void LogSuperseded(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos: could not kill silo {Silo}")]
    private static partial void LogChaosKillFailed(ILogger logger, Exception exception, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos: killing silo {Silo} at iteration {Iteration}")]
    private static partial void LogChaosKill(ILogger logger, string silo, int iteration);
}
