using System.Diagnostics;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;
using ShardML.Runtime.Jobs.Driving;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// Drives one job. The record and two checkpoint slots are grain state in the cluster's state store; the run itself
/// is a task on this activation. When the activation is lost with its silo, the next call to this grain activates
/// it on another silo, which finds the record still "running" and resumes from the newest checkpoint whose checksum
/// holds — so a job survives its driver's silo as it survives any other.
/// </summary>
/// <remarks>
/// The grain keeps the job's life — start, status, stop, resume, forget, adoption by a new activation — and its run;
/// the record's single writer (<see cref="JobRecordWriter"/>), checkpoints (<see cref="JobCheckpoints"/>), chaos
/// (<see cref="ChaosKills"/>), the registry (<see cref="JobRegistryListing"/>) and reports (<see cref="JobStatusReports"/>)
/// are each their own.
/// </remarks>
internal sealed class JobGrain : Grain, IJobGrain, IDisposable
{
    private readonly IPersistentState<JobRecord> _stored;
    private readonly WireTypeRegistry _wire;
    private readonly ChaosSwitch _chaos;
    private readonly StateStore _store;
    private readonly Microsoft.Extensions.Hosting.IHostApplicationLifetime _lifetime;
    private CancellationTokenRegistration _hostStopping;
    private readonly ILocalSiloDetails _silo;

    /// <summary>This silo's step runner: the driver runs its own silo's share without a grain call.</summary>
    private readonly SiloStepRunner _here;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<JobGrain> _logger;
    private readonly IPersistentState<CheckpointSlot> _slotA;
    private readonly IPersistentState<CheckpointSlot> _slotB;
    private readonly DataRoots _roots;
    private readonly SiloCredentials _credentials;
    private JobRecordWriter _record = null!;
    private JobAccess _access = null!;
    private JobCheckpoints _checkpoints = null!;
    private ChaosKills _kills = null!;
    private Task? _run;
    private bool _orphaned;
    private bool _handingOver;
    private CancellationTokenSource? _stop;
    private TrainingProgress _progress = new("loading", 0, 0, double.NaN);
    private ClusterExecutor? _executor;

    public JobGrain(
        [PersistentState("job", StateStore.Name)] IPersistentState<JobRecord> record,
        [PersistentState("checkpoint-a", StateStore.Name)] IPersistentState<CheckpointSlot> slotA,
        [PersistentState("checkpoint-b", StateStore.Name)] IPersistentState<CheckpointSlot> slotB,
        WireTypeRegistry wire,
        ChaosSwitch chaos,
        StateStore store,
        Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime,
        ILocalSiloDetails silo,
        ILoggerFactory loggers,
        ILogger<JobGrain> logger,
        DataRoots roots,
        SiloCredentials credentials,
        SiloStepRunner here)
    {
        _here = here;
        _roots = roots;
        _credentials = credentials;
        _stored = record;
        _wire = wire;
        _chaos = chaos;
        _store = store;
        _lifetime = lifetime;
        _silo = silo;
        _loggers = loggers;
        _logger = logger;
        _slotA = slotA;
        _slotB = slotB;
    }

    private string JobId => this.GetPrimaryKeyString();

    private JobRecord State => _record.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _record = new JobRecordWriter(_stored, JobId, _store.Display, _logger, () =>
        {
            _stop?.Cancel();
            DeactivateOnIdle();
        });
        _checkpoints = new JobCheckpoints(new CheckpointSlots(_slotA, _slotB), _record, JobId, _logger);
        _kills = new ChaosKills(GrainFactory, _record, _logger);
        // A host that stops without deactivating its grains (one that rejoins after the membership store lost it stops
        // in seconds) must still end this run: left going, it drove the job on with a disposed silo beside a new driver.
        _hostStopping = _lifetime.ApplicationStopping.Register(() =>
        {
            _handingOver = true;
            try
            {
                _stop?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended and its token went with it: nothing to stop.
            }
        });
        _access = new JobAccess(GrainFactory, JobId, _logger);
        // A record still "running" means the previous driver is gone (its silo died, or this process did). The first
        // call carries on from the last checkpoint: with its settings if it is a resume, else with the job's own.
        _orphaned = State.Status == JobStatus.Running && State.Submission is not null;
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
            JobLog.HandingOver(_logger, JobId, reason.Description);
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
        if (_stored.RecordExists && State.Submission is { } existing)
        {
            // The same submission again (a client retrying) reports on the job; another one under this id is refused.
            await _access.RequireAsync("submit again", State);
            return SubmissionDifference.Of(existing, submission, _wire) is { } other
                ? throw new ArgumentException($"a job '{JobId}' already exists ({State.Status}) with {other}; choose another id, or resume it with --resume {JobId}")
                : Report();
        }

        var record = new JobRecord { Submission = submission, Status = JobStatus.Running, CreatedUtc = DateTime.UtcNow, Owner = JobAccess.Caller };
        await _access.RequireAsync("submit", record, chaos: submission.Settings.UsesChaos);
        if (submission.Settings.UsesChaos && !_chaos.Enabled)
        {
            throw new ArgumentException(ChaosSwitch.Refusal("--chaos").Message);
        }

        _stored.State = record;
        try
        {
            await _record.WriteAsync();
        }
        catch (JobStateUnavailableException)
        {
            // Refused before any work: a job that cannot be recorded could not be resumed, nor its model kept.
            _stored.State = new JobRecord();
            DeactivateOnIdle();
            throw;
        }

        await _access.RecordAsync("submit", record);
        Launch(resume: false);
        return Report();
    }

    public async Task<JobStatusReport> StatusAsync()
    {
        await AdoptOrphanAsync();
        return JobAccess.ForCaller(Report(), State);
    }

    public Task<JobStatusReport> DescribeAsync() => Task.FromResult(JobAccess.ForCaller(Report(), State) with { Driverless = _orphaned });

    public void Dispose()
    {
        _hostStopping.Dispose();
        _stop?.Dispose();
        _record?.Dispose();
    }

    public async Task<JobStatusReport> ResumeAsync(JobSettingsOverride? changes)
    {
        await _access.RequireAsync("resume", State, chaos: changes?.Chaos is { IsNone: false } || changes?.KillSiloAtIteration > 0 || changes?.KillDriverAtIteration > 0 || changes?.CorruptCheckpointOnResume == true);
        _orphaned = false; // resumed below, with these settings
        State.DriverLosses.Clear(); // an operator's resume: the quarantine counts again from here
        if (State.Submission is not { } submission || State.Status == JobStatus.Succeeded || _run is { IsCompleted: false })
        {
            return JobAccess.ForCaller(Report(), State);
        }

        if (changes is not null)
        {
            var settings = changes.ApplyTo(submission.Settings);
            if (settings.Executor.Validate() is { } problem)
            {
                throw new ArgumentException(problem);
            }

            if (settings.UsesChaos && !_chaos.Enabled)
            {
                throw new ArgumentException(ChaosSwitch.Refusal("--chaos").Message);
            }

            State.Submission = submission with { Settings = settings };
        }

        State.Status = JobStatus.Running;
        State.Error = null;
        State.ErrorKind = JobErrorKind.None;
        await _record.WriteAsync();
        await _access.RecordAsync("resume", State);
        Launch(resume: true);
        return Report();
    }

    public async Task ForgetAsync()
    {
        await _access.RequireAsync("forget", State);
        _orphaned = false; // forgotten, not resumed
        if (_run is { IsCompleted: false } run)
        {
            if (State.Status == JobStatus.Running)
            {
                throw new InvalidOperationException($"job {JobId} is still running; stop it first");
            }

            await run; // finished: only releasing its dataset and writing its record remain
        }

        await _checkpoints.ClearAsync();
        if (_stored.RecordExists)
        {
            await _stored.ClearStateAsync();
        }

        _stored.State = new JobRecord();
        await JobRegistryListing.ForgetAsync(GrainFactory, JobId, _logger);
        DeactivateOnIdle();
    }

    public async Task<JobStatusReport> StopAsync()
    {
        await _access.RequireAsync("stop", State);
        if (State.Submission is not null && State.Status == JobStatus.Running)
        {
            await _access.RecordAsync("stop", State);
        }

        if (_orphaned)
        {
            _orphaned = false;
            State.Status = JobStatus.Stopped;
            await _record.WriteAsync();
            await ListAsync(false);
        }

        if (_run is { IsCompleted: false } run)
        {
            await _stop!.CancelAsync();
            await run;
        }

        return Report();
    }

    private async Task AdoptOrphanAsync()
    {
        if (!_orphaned)
        {
            return;
        }

        _orphaned = false;
        if (JobQuarantine.LostDriver(State, JobId, DateTime.UtcNow) is { } reason)
        {
            State.Status = JobStatus.Failed;
            State.ErrorKind = JobErrorKind.Cluster;
            State.Error = reason;
            JobLog.Quarantined(_logger, JobId, reason);
            await _record.WriteAsync();
            await ListAsync(false);
            return;
        }

        JobLog.DriverLost(_logger, JobId);
        await _record.WriteAsync(); // the loss counts even if this driver dies before its first checkpoint
        Launch(resume: true);
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
        var state = State;
        var submission = state.Submission!;
        var settings = submission.Settings;
        var clock = Stopwatch.StartNew();
        state.Starts++;
        await ListAsync(true);
        try
        {
            var job = _wire.Decode<ITrainingJob>(new WirePayload(submission.JobType, submission.Job));
            var plan = MemoryPackSerializer.Deserialize<DatasetPlan>(submission.Plan) ?? throw new InvalidOperationException("the job's dataset plan is empty");
            var resumeState = resume ? await _checkpoints.RestoreAsync(settings.CorruptCheckpointOnResume) : null;
            if (settings.CorruptCheckpointOnResume)
            {
                state.Submission = submission with { Settings = settings with { CorruptCheckpointOnResume = false } }; // once, not at every resume
            }
            if (state.DatasetId is { } abandoned)
            {
                await ReleaseAbandonedAsync(abandoned, settings.Executor, cancellationToken);
            }

            foreach (var path in plan.Partitions.SelectMany(DataRoots.PathsOf).Distinct(StringComparer.Ordinal))
            {
                _roots.Require(path); // before anything reads the files: a path outside the roots reveals nothing of them
            }

            if (PartitionLoader.ChangedHere(plan))
            {
                throw new DataFormatException(plan.Path, 0, 0, "the file changed since the job was planned (another length or time); a job runs and resumes only on the data it started with: start a new job for the new data");
            }

            // The job's kernels, and the code around every pass, compile while its data loads rather than in its first
            // pass (KernelPreparation): on the thread pool, so the grain's scheduler carries on with the load meanwhile.
            var kernels = Task.Run(() => KernelPreparation.PrepareAsync([.. job.Kernels(), .. PassPreparation.Methods()], cancellationToken), cancellationToken); // listing them is reflection: off the grain's thread too

            // A dataset that asks for preprocessing is loaded once to be profiled, and its pipeline learned, first: a
            // deterministic pass, run again on resume, so a resumed job reads its data exactly as the first run did.
            plan = await DatasetPreparation.PrepareAsync(plan, async (profile, ct) => await LoadAsync(profile, "profiling", settings, ct), cancellationToken);
            if (_executor is { } profiled)
            {
                state.Statistics = state.Statistics.Append(profiled.Statistics); // released by the preparation
                _executor = null;
            }

            _executor = await LoadAsync(plan, "loading", settings, cancellationToken);
            // Not awaited: a method the first pass needs before the preparation reaches it, the pass compiles itself (the
            // JIT compiles a method once, for whoever asks first), so a load shorter than the preparation never delays the job.
            var jobId = JobId;
            _ = kernels.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        var prepared = t.Result;
                        JobLog.KernelsPrepared(_logger, jobId, prepared.Prepared, prepared.Elapsed.TotalMilliseconds, prepared.Failures.Count == 0 ? string.Empty : $" (not prepared, so compiled at their first call: {string.Join("; ", prepared.Failures)})");
                    }

                    _ = t.Exception; // cancelled with the job: observed, nothing to report
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            if (resume)
            {
                state.RecoverySeconds += clock.Elapsed.TotalSeconds; // lost work is redone below; what is counted here is the restart itself
            }

            var context = new JobContext(resumeState, settings.Checkpoints, _checkpoints.SaveAsync, new Progress(this), _loggers);
            var outcome = await job.RunAsync(_executor, context, cancellationToken);
            state.Status = JobStatus.Succeeded;
            state.ModelJson = outcome.ModelJson;
            state.Metrics = new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal);
            state.DetailsJson = outcome.DetailsJson;
            JobLog.Finished(_logger, JobId, clock.Elapsed.TotalSeconds);
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
            state.Error = _roots.Restricted ? JobErrors.Redacted(e, kind, message) : message;
            if (kind == JobErrorKind.Unexpected)
            {
                JobLog.Failed(_logger, e, JobId, kind);
            }
            else
            {
                JobLog.Refused(_logger, JobId, kind, message); // the user's input, not a fault of ours: no stack trace
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

            await _record.TryWriteAsync(); // a job that runs goes on without its record saved: its result is kept here for the client
        }

        if (state.Status != JobStatus.Running)
        {
            await ListAsync(false);
        }

        if (state.Status == JobStatus.Succeeded)
        {
            // Only once the model is safely in the record: a crash before this point resumes, it never loses the result.
            try
            {
                await _checkpoints.ClearAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                JobLog.CheckpointFailed(_logger, JobId, _progress.Iteration, JobStateUnavailableException.Cause(e));
            }
        }
    }

    /// <summary>Loads <paramref name="plan"/> on the cluster, showing it as <paramref name="phase"/> with its bytes and rows as they are read; the record names the dataset, so a new driver can release it.</summary>
    private async Task<ClusterExecutor> LoadAsync(DatasetPlan plan, string phase, JobSettings settings, CancellationToken cancellationToken)
    {
        _progress = new TrainingProgress(phase, 0, 0, double.NaN) { Load = new LoadProgress(0, plan.Bytes, 0) };
        IMembershipView membership = _credentials.Authority is { } authority
            ? new VerifiedMembershipView(new ManagementMembershipView(GrainFactory), GrainFactory, authority, _logger) // only silos that prove to be the cluster's
            : new ManagementMembershipView(GrainFactory);
        var executor = await ClusterExecutor.LoadAsync(
            GrainFactory, _wire, membership, plan, settings.Executor, _silo.SiloAddress.ToParsableString(), _here, _logger, new LoadReport(this, phase), cancellationToken);
        _executor = executor;
        State.DatasetId = executor.DatasetId;
        await _record.TryWriteAsync(); // for a driver that takes over; a store that fails does not stop the job
        return executor;
    }

    /// <summary>Releases, on every silo, the partitions a previous driver of this job loaded and could not release.</summary>
    private Task ReleaseAbandonedAsync(string datasetId, ClusterExecutorOptions options, CancellationToken cancellationToken) =>
        AbandonedDataset.ReleaseAsync(
            datasetId,
            new ManagementMembershipView(GrainFactory),
            silo => GrainFactory.GetGrain<ISiloAggregatorGrain>(silo).ReleaseDatasetAsync(datasetId).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken),
            options,
            _logger,
            cancellationToken);

    private void OnProgress(TrainingProgress progress)
    {
        _progress = progress;
        DelayDeactivation(TimeSpan.FromDays(7)); // a long job is never idle-collected while it makes progress
        _kills.OnProgress(progress, _executor?.Placement ?? [], _silo.SiloAddress.ToParsableString());
    }

    private Task ListAsync(bool running) =>
        _record.IsSuperseded ? Task.CompletedTask : JobRegistryListing.ListAsync(GrainFactory, JobId, running, _logger);

    private JobStatusReport Report() =>
        JobStatusReports.Build(JobId, State, _record.IsSuperseded, _record.Unsaved, _progress, _executor?.Statistics, _checkpoints.Latest, _silo.SiloAddress.ToParsableString()) with { StoredBytes = _checkpoints.StoredBytes };

    /// <summary>A load's progress, as the job's: on the grain's own scheduler, where the load's measuring continues.</summary>
    private sealed class LoadReport(JobGrain grain, string phase) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value)
        {
            grain._progress = new TrainingProgress(phase, 0, 0, double.NaN) { Load = value };
            grain.DelayDeactivation(TimeSpan.FromDays(7));
        }
    }

    /// <summary>Reports synchronously on the grain's own scheduler (unlike <see cref="Progress{T}"/>, which posts elsewhere).</summary>
    private sealed class Progress(JobGrain grain) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => grain.OnProgress(value);
    }
}
