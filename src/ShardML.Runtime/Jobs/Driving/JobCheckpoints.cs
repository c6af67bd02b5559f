using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// A job's checkpoints as its driver uses them: restore the newest whose checksum holds (noting any newer one that did
/// not), save with counts kept in the record, and clear once the model is safe in the record.
/// </summary>
internal sealed class JobCheckpoints(CheckpointSlots slots, JobRecordWriter record, string jobId, ILogger logger)
{
    private (int Iteration, long Bytes)? _last;

    /// <summary>The latest checkpoint this driver wrote, or the newest slot's.</summary>
    public (int? Iteration, long Bytes) Latest =>
        _last is { } last ? (last.Iteration, last.Bytes) : (slots.Latest?.Iteration, slots.Latest?.State.LongLength ?? 0);

    public async Task<byte[]?> RestoreAsync(bool corruptFirst)
    {
        var notes = record.State.Notes;
        var slot = await slots.RestoreAsync(corruptFirst, note =>
        {
            notes.Add(note);
            JobLog.CheckpointSkipped(logger, jobId, note);
        });
        record.State.ResumedFromIteration = slot?.Iteration;
        if (slot is null)
        {
            notes.Add("no usable checkpoint: started again from the beginning");
            return null;
        }

        notes.Add($"resumed from the checkpoint of iteration {slot.Iteration}");
        JobLog.Resumed(logger, jobId, slot.Iteration);
        return slot.State;
    }

    public async Task SaveAsync(int iteration, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await slots.SaveAsync(iteration, payload, cancellationToken);
            record.State.CheckpointsWritten++;
            record.State.CheckpointBytesWritten += payload.Length;
            _last = (iteration, payload.Length);
            await record.WriteAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            record.Supersede();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A checkpoint that cannot be written costs recovery work later, not the job: the other slot still holds.
            JobLog.CheckpointFailed(logger, jobId, iteration, JobStateUnavailableException.Cause(e));
        }
    }

    /// <summary>Bytes the job keeps in its state store: both checkpoint slots and the record's larger parts (submission, model, details).</summary>
    public long StoredBytes => slots.StoredBytes + RecordBytes(record.State);

    public Task ClearAsync() => slots.ClearAsync();

    private static long RecordBytes(JobRecord state) =>
        (state.Submission is { } s ? s.Job.LongLength + s.Plan.LongLength : 0) + (2L * ((state.ModelJson?.Length ?? 0) + (state.DetailsJson?.Length ?? 0)));
}
