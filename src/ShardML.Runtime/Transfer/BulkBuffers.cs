using System.Runtime.CompilerServices;

namespace ShardML.Runtime.Transfer;

/// <summary>
/// Arrays the data plane receives payloads into, kept by exact length for the next payload once their reader gives them
/// back. A job moves steps and summaries of the same length pass after pass, and an array freshly allocated for each one
/// is memory the process touches for the first time: every page faults and is zeroed by the kernel, which on loopback
/// cost more than the transfer itself (an 8 MB receive took 8.7 ms into a new array and 2.9 ms into a reused one), and
/// more so in a large heap, where full collections that would let the runtime reuse old space are rare.
/// </summary>
/// <remarks>
/// Only arrays handed out here are taken back (any other is ignored, so a payload that came in messages is never
/// recycled under someone still reading it), and a reader gives one back only when nothing refers to it any more. A
/// length's arrays left unused for <see cref="IdleLifetime"/> are let go, as is anything beyond
/// <see cref="PerLength"/> arrays of a length or <see cref="MaximumBytes"/> in all.
/// </remarks>
internal sealed class BulkBuffers : IDisposable
{
    /// <summary>The process's arrays: the driver's downloads and a silo's uploads share them.</summary>
    public static BulkBuffers Shared { get; } = new(TimeSpan.FromMinutes(1));

    /// <summary>Arrays kept per length: the payloads of one length a process has in flight at once, within reason.</summary>
    public const int PerLength = 4;

    /// <summary>The most bytes kept in all.</summary>
    public const long MaximumBytes = 256L << 20;

    private readonly ConditionalWeakTable<byte[], object> _lent = [];
    private readonly Dictionary<int, (Stack<byte[]> Arrays, long LastUsed)> _kept = [];
    private readonly Lock _lock = new();
    private readonly Timer _trimmer;
    private long _keptBytes;

    public BulkBuffers(TimeSpan idleLifetime)
    {
        IdleLifetime = idleLifetime;

        // So that a process done with transfers lets the arrays go without another transfer to trim them.
        _trimmer = new Timer(_ =>
        {
            lock (_lock)
            {
                Trim();
            }
        }, null, idleLifetime, idleLifetime);
    }

    public TimeSpan IdleLifetime { get; }

    /// <summary>Bytes kept for the next payloads now.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_lock)
            {
                return _keptBytes;
            }
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> bytes, its contents undefined.</summary>
    public byte[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        byte[]? array = null;
        lock (_lock)
        {
            Trim();
            if (_kept.TryGetValue(length, out var kept) && kept.Arrays.TryPop(out array))
            {
                _keptBytes -= length;
                _kept[length] = (kept.Arrays, Environment.TickCount64);
            }
        }

        array ??= GC.AllocateUninitializedArray<byte>(length);
        _lent.AddOrUpdate(array, this);
        return array;
    }

    /// <summary>Takes back an array <see cref="Rent"/> handed out, which no one reads or writes any more; ignores any other.</summary>
    public void Return(byte[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!_lent.Remove(array))
        {
            return;
        }

        lock (_lock)
        {
            Trim();
            if (!_kept.TryGetValue(array.Length, out var kept))
            {
                kept = (new Stack<byte[]>(), 0);
            }

            if (kept.Arrays.Count < PerLength && _keptBytes + array.Length <= MaximumBytes)
            {
                kept.Arrays.Push(array);
                _keptBytes += array.Length;
            }

            _kept[array.Length] = (kept.Arrays, Environment.TickCount64);
        }
    }

    public void Dispose() => _trimmer.Dispose();

    /// <summary>Lets go of the arrays of lengths no transfer has used for <see cref="IdleLifetime"/>.</summary>
    private void Trim()
    {
        var cutoff = Environment.TickCount64 - (long)IdleLifetime.TotalMilliseconds;
        foreach (var (length, kept) in _kept)
        {
            if (kept.LastUsed < cutoff)
            {
                _keptBytes -= (long)length * kept.Arrays.Count;
                _kept.Remove(length);
            }
        }
    }
}
