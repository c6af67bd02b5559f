using Microsoft.Win32.SafeHandles;

namespace ShardML.Core.Data;

/// <summary>A read-only, forward-only window <c>[start, end)</c> of a file, so a reader sees exactly one partition's bytes.</summary>
internal sealed class RangeStream : ForwardWindowStream
{
    private readonly SafeFileHandle _handle;

    /// <param name="path">The file.</param>
    /// <param name="start">The window's first byte.</param>
    /// <param name="end">One past its last byte.</param>
    /// <param name="meter">Counts the bytes read, for progress; null for none.</param>
    public RangeStream(string path, long start, long end, LoadMeter? meter = null)
        : base(start, end, meter)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
    }

    protected override int ReadSource(Span<byte> buffer) => RandomAccess.Read(_handle, buffer, Offset);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
