namespace ShardML.Core.Data;

/// <summary>
/// A read-only, forward-only window of bytes ending at a fixed offset, counted into a <see cref="LoadMeter"/> as they
/// are read: what a partition's reader sees of its source, whatever the source (a file, a decompressed file) is.
/// </summary>
internal abstract class ForwardWindowStream : Stream
{
    private readonly long _end;
    private readonly LoadMeter? _meter;

    /// <param name="start">The window's first byte.</param>
    /// <param name="end">One past its last byte.</param>
    /// <param name="meter">Counts the bytes read, for progress; null for none.</param>
    protected ForwardWindowStream(long start, long end, LoadMeter? meter)
    {
        Offset = start;
        _end = end;
        _meter = meter;
    }

    /// <summary>The source's offset of the next byte to read.</summary>
    protected long Offset { get; private set; }

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer)
    {
        var remaining = _end - Offset;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = ReadSource(buffer[..(int)Math.Min(buffer.Length, remaining)]);
        Offset += read;
        _meter?.Add(read, 0);
        return read;
    }

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads at most <paramref name="buffer"/>'s length from <see cref="Offset"/> on; 0 only at the source's end.</summary>
    protected abstract int ReadSource(Span<byte> buffer);
}
