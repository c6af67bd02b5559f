using Microsoft.Win32.SafeHandles;

namespace ShardML.Core.Data;

/// <summary>A read-only, forward-only window <c>[start, end)</c> of a file, so a reader sees exactly one partition's bytes.</summary>
internal sealed class RangeStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private long _position;

    private readonly LoadMeter? _meter;

    /// <param name="path">The file.</param>
    /// <param name="start">The window's first byte.</param>
    /// <param name="end">One past its last byte.</param>
    /// <param name="meter">Counts the bytes read, for progress; null for none.</param>
    public RangeStream(string path, long start, long end, LoadMeter? meter = null)
    {
        _meter = meter;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _position = start;
        _end = end;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = _end - _position;
        if (remaining <= 0)
        {
            return 0;
        }

        var want = (int)Math.Min(buffer.Length, remaining);
        var read = RandomAccess.Read(_handle, buffer[..want], _position);
        _position += read;
        _meter?.Add(read, 0);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
