using System.IO.Compression;

namespace ShardML.Core.Data;

/// <summary>
/// The decompressed bytes <c>[start, end)</c> of a gzip file, forward only: decompresses from the file's start (a gzip
/// stream has no entry points), discards the bytes before <c>start</c> and stops at <c>end</c>. Concatenated members
/// read as one text. A stream that is corrupt or ends before its last member does is a <see cref="DataFormatException"/>
/// naming the file, never a shorter text.
/// </summary>
internal sealed class GzipRangeStream : Stream
{
    /// <summary>Bytes decompressed per call while skipping and counting: large, so zlib-ng runs in long strides.</summary>
    public const int BlockBytes = 1 << 20;

    private const int FileBufferBytes = 1 << 18;

    private readonly string _path;
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly long _end;
    private readonly LoadMeter? _meter;
    private long _position;

    static GzipRangeStream()
    {
        // Without strict validation, .NET's inflater reports a stream cut short (a partial download, a full disk) as a
        // normal end: the rows would silently be fewer. The switch is read once per process, when the first deflate
        // stream is made, so it is set here, before ours are; a host that set it itself is left alone.
        if (!AppContext.TryGetSwitch("System.IO.Compression.UseStrictValidation", out _))
        {
            AppContext.SetSwitch("System.IO.Compression.UseStrictValidation", true);
        }
    }

    /// <param name="path">The gzip file.</param>
    /// <param name="start">The first byte of text wanted.</param>
    /// <param name="end">One past the last byte of text wanted.</param>
    /// <param name="meter">Counts the bytes of text read from <paramref name="start"/> on; null for none.</param>
    public GzipRangeStream(string path, long start, long end, LoadMeter? meter = null)
    {
        _path = path;
        _end = end;
        _meter = meter;
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.SequentialScan);
        _gzip = new GZipStream(_file, CompressionMode.Decompress);
        if (start > 0)
        {
            Skip(start);
        }
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
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = Inflate(buffer[..(int)Math.Min(buffer.Length, remaining)]);
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
            _gzip.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Decompresses and drops the text before <paramref name="start"/>.</summary>
    private void Skip(long start)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            while (_position < start)
            {
                var read = Inflate(scratch.AsSpan(0, (int)Math.Min(BlockBytes, start - _position)));
                if (read == 0)
                {
                    return; // the text is shorter: reads give nothing, as a plain file's past its end
                }

                _position += read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>One read of decompressed text, with the codec's complaints turned into an error about the data.</summary>
    private int Inflate(Span<byte> buffer)
    {
        try
        {
            return _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(_path, e);
        }
    }

    /// <summary>The error for a gzip file that cannot be read whole.</summary>
    public static DataFormatException Corrupt(string path, InvalidDataException cause) =>
        new(path, 0, 0, $"truncated or corrupt gzip stream ({cause.Message.TrimEnd('.')}); download or compress it again (gzip -t tests it)");
}
