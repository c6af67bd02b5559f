using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// Writes a job's record, one write at a time. A write refused for a stale ETag means another activation of the job's
/// grain drives it now (when a silo dies, the directory can briefly lose track of a grain and a second activation
/// appears): the writer then marks this driver superseded and tells it to stop, so the job has one driver and its
/// state one writer. A write the store fails (a full disk, a store that is down) is either refused to the caller
/// (<see cref="WriteAsync"/>: a job that cannot be recorded must not start) or noted and survived
/// (<see cref="TryWriteAsync"/>: a running job goes on, and keeps its result in memory for the client to collect).
/// </summary>
internal sealed class JobRecordWriter(IPersistentState<JobRecord> record, string jobId, string store, ILogger logger, Action superseded) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public JobRecord State => record.State;

    /// <summary>True once another activation has written the record: nothing is written from here again.</summary>
    public bool IsSuperseded { get; private set; }

    /// <summary>Why the last write failed, or null when the stored record is as current as this one.</summary>
    public string? Unsaved { get; private set; }

    /// <summary>Writes the record; a store failure is a <see cref="JobStateUnavailableException"/> saying which store and why.</summary>
    public async Task WriteAsync()
    {
        if (IsSuperseded)
        {
            return;
        }

        await _writes.WaitAsync();
        try
        {
            record.State.UpdatedUtc = DateTime.UtcNow;
            await record.WriteStateAsync();
            Unsaved = null;
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            Supersede();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unsaved = $"the state store ({store}) could not record job {jobId}: {JobStateUnavailableException.Cause(e)}";
            throw new JobStateUnavailableException(Unsaved, e);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Writes the record, or notes why not and goes on: true when it was written.</summary>
    public async Task<bool> TryWriteAsync()
    {
        try
        {
            await WriteAsync();
            return true;
        }
        catch (JobStateUnavailableException e)
        {
            JobLog.RecordUnsaved(logger, jobId, e.Message);
            return false;
        }
    }

    /// <summary>Another activation writes this job's state (its record or a checkpoint slot) now.</summary>
    public void Supersede()
    {
        IsSuperseded = true;
        JobLog.Superseded(logger, jobId);
        superseded();
    }

    public void Dispose() => _writes.Dispose();
}
