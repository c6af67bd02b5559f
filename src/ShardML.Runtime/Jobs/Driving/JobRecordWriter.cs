using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// Writes a job's record, one write at a time. A write refused for a stale ETag means another activation of the job's
/// grain drives it now (when a silo dies, the directory can briefly lose track of a grain and a second activation
/// appears): the writer then marks this driver superseded and tells it to stop, so the job has one driver and its
/// state one writer.
/// </summary>
internal sealed class JobRecordWriter(IPersistentState<JobRecord> record, string jobId, ILogger logger, Action superseded) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public JobRecord State => record.State;

    /// <summary>True once another activation has written the record: nothing is written from here again.</summary>
    public bool IsSuperseded { get; private set; }

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
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            Supersede();
        }
        finally
        {
            _writes.Release();
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
