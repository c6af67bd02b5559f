namespace ShardML.Runtime.Jobs;

/// <summary>
/// A job's two checkpoint slots in grain storage, written in turn: a new checkpoint overwrites the older slot, so the
/// one before the latest survives a write that went wrong. Restoring takes the newest slot whose checksum holds.
/// </summary>
internal sealed class CheckpointSlots(IPersistentState<CheckpointSlot> a, IPersistentState<CheckpointSlot> b)
{
    /// <summary>The newest slot written, or null before the first checkpoint.</summary>
    public CheckpointSlot? Latest => new[] { a.State, b.State }.Where(s => s.Sequence > 0).MaxBy(s => s.Sequence);

    /// <summary>
    /// Writes <paramref name="payload"/> as the checkpoint of <paramref name="iteration"/> over a slot that fails its
    /// checksum if there is one, else over the older: the only good checkpoint is never the one overwritten. A write
    /// that fails leaves the slot as it was, in storage and here.
    /// </summary>
    public async Task SaveAsync(int iteration, byte[] payload, CancellationToken cancellationToken)
    {
        var target = !a.State.IsValid ? a : !b.State.IsValid ? b : a.State.Sequence <= b.State.Sequence ? a : b;
        var sequence = Math.Max(a.State.Sequence, b.State.Sequence) + 1;
        var previous = target.State;
        target.State = new CheckpointSlot
        {
            Sequence = sequence,
            Iteration = iteration,
            State = payload,
            Checksum = CheckpointSlot.ChecksumOf(sequence, iteration, payload),
            WrittenUtc = DateTime.UtcNow,
        };
        try
        {
            await target.WriteStateAsync(cancellationToken);
        }
        catch
        {
            target.State = previous;
            throw;
        }
    }

    /// <summary>
    /// The newest checkpoint whose checksum holds, or null; <paramref name="note"/> hears of every slot skipped. With
    /// <paramref name="corruptFirst"/> (chaos) the newest slot is damaged first, as a torn write would leave it.
    /// </summary>
    public async Task<CheckpointSlot?> RestoreAsync(bool corruptFirst, Action<string> note)
    {
        var slots = new[] { a, b }.Where(s => s.RecordExists && s.State.Sequence > 0).OrderByDescending(s => s.State.Sequence).ToArray();
        if (corruptFirst && slots.Length > 0)
        {
            var latest = slots[0];
            latest.State.State = latest.State.State.Length > 0 ? [(byte)(latest.State.State[0] ^ 0xFF), .. latest.State.State[1..]] : [1];
            await latest.WriteStateAsync();
            note($"chaos: corrupted checkpoint {latest.State.Sequence} (iteration {latest.State.Iteration})");
        }

        foreach (var slot in slots)
        {
            if (slot.State.IsValid)
            {
                return slot.State;
            }

            note($"checkpoint {slot.State.Sequence} (iteration {slot.State.Iteration}) failed its checksum and was skipped");
        }

        return null;
    }

    /// <summary>Bytes both slots hold now.</summary>
    public long StoredBytes => (a.RecordExists ? a.State.State.LongLength : 0) + (b.RecordExists ? b.State.State.LongLength : 0);

    public async Task ClearAsync()
    {
        foreach (var slot in new[] { a, b }.Where(s => s.RecordExists))
        {
            await slot.ClearStateAsync();
        }
    }
}
