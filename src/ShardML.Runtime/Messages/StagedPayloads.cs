namespace ShardML.Runtime.Messages;

/// <summary>
/// Payloads too big for one Orleans message, held on a silo while they travel in chunks: a step arriving from
/// the driver, or a summary waiting to be fetched. Orleans caps a message body (100 MB by default) and an
/// oversized message tears down the whole connection between two nodes, so big models and gradients never travel
/// whole. A step's payload is discarded when the step runs, a summary's when fetched; one whose step was cancelled
/// before it ran, or whose fetch failed, expires after <see cref="Lifetime"/>, so nothing stays for the silo's life.
/// </summary>
internal sealed class StagedPayloads(TimeProvider time)
{
    /// <summary>How long an unclaimed payload is kept: longer than any step may run.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly Dictionary<Guid, byte[]> _payloads = [];
    private readonly Dictionary<Guid, DateTimeOffset> _staged = [];

    public StagedPayloads()
        : this(TimeProvider.System)
    {
    }

    public void Write(Guid transfer, long offset, long total, byte[] chunk)
    {
        if (!_payloads.TryGetValue(transfer, out var buffer))
        {
            Expire();
            buffer = new byte[checked((int)total)];
            _payloads[transfer] = buffer;
            _staged[transfer] = time.GetUtcNow();
        }

        if (buffer.LongLength != total || offset < 0 || offset + chunk.Length > total)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"chunk [{offset}, {offset + chunk.Length}) does not fit transfer {transfer} of {buffer.LongLength} bytes");
        }

        chunk.CopyTo(buffer, offset);
    }

    public Guid Add(byte[] payload)
    {
        var transfer = Guid.NewGuid();
        Add(transfer, payload);
        return transfer;
    }

    /// <summary>Stages a whole payload under <paramref name="transfer"/> (one that arrived by the data plane).</summary>
    public void Add(Guid transfer, byte[] payload)
    {
        Expire();
        _payloads[transfer] = payload;
        _staged[transfer] = time.GetUtcNow();
    }

    /// <summary>The whole payload, kept here: the caller must not change it.</summary>
    public byte[] Peek(Guid transfer) =>
        _payloads.TryGetValue(transfer, out var payload) ? payload : throw new KeyNotFoundException($"no staged payload {transfer} on this silo");

    /// <summary>The whole payload, forgotten here.</summary>
    public byte[] Take(Guid transfer)
    {
        _staged.Remove(transfer);
        return _payloads.Remove(transfer, out var payload) ? payload : throw new KeyNotFoundException($"no staged payload {transfer} on this silo");
    }

    public int Count => _payloads.Count;

    public byte[] Read(Guid transfer, long offset, int length) =>
        _payloads.TryGetValue(transfer, out var payload)
            ? payload.AsSpan(checked((int)offset), Math.Min(length, payload.Length - (int)offset)).ToArray()
            : throw new KeyNotFoundException($"no staged payload {transfer} on this silo");

    /// <summary>Forgets a payload; returns it, or null if there was none.</summary>
    public byte[]? Discard(Guid transfer)
    {
        _staged.Remove(transfer);
        return _payloads.Remove(transfer, out var payload) ? payload : null;
    }

    private void Expire()
    {
        var cutoff = time.GetUtcNow() - Lifetime;
        foreach (var (transfer, at) in _staged.Where(s => s.Value < cutoff).ToArray())
        {
            Discard(transfer);
        }
    }
}
