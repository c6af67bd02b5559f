using System.IO.Compression;

namespace ShardML.Core.Data;

/// <summary>
/// The decompressed bytes <c>[start, end)</c> of a gzip file, forward only: decompresses from the file's start (a gzip
/// stream has no entry points), discards the bytes before <c>start</c> and stops at <c>end</c>. Concatenated members
/// read as one text. A stream that is corrupt or ends before its last member does is a <see cref="DataFormatException"/>
/// naming the file, never a shorter text.
/// </summary>
internal sealed class GzipRangeStream : ForwardWindowStream
{
    /// <summary>Bytes decompressed per call while skipping and counting: large, so zlib-ng runs in long strides.</summary>
    public const int BlockBytes = 1 << 20;

    private const int FileBufferBytes = 1 << 18;

    private readonly string _path;
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly System.IO.Hashing.Crc32? _crc;
    private long _inflated;
    private bool _verified;

    private const string StrictSwitch = "System.IO.Compression.UseStrictValidation";

    /// <summary>
    /// Whether this process's inflater refuses a stream that ends early. Without strict validation .NET reports a
    /// stream cut short (a partial download, a full disk) as a normal end, and the rows would silently be fewer. The
    /// switch is read once per process, by the first deflate stream of any kind, so it is set here, before ours are
    /// made (the CLI sets it in its runtimeconfig.json too); whether it took is tried on a stream cut short.
    /// </summary>
    private static readonly Lazy<bool> Strict = new(() =>
    {
        if (!AppContext.TryGetSwitch(StrictSwitch, out _))
        {
            AppContext.SetSwitch(StrictSwitch, true);
        }

        using var whole = new MemoryStream();
        using (var compressor = new GZipStream(whole, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write("a,b\n1,2\n"u8);
        }

        try
        {
            using var cut = new GZipStream(new MemoryStream(whole.ToArray()[..^9]), CompressionMode.Decompress);
            cut.CopyTo(Stream.Null);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    });

    /// <param name="path">The gzip file.</param>
    /// <param name="start">The first byte of text wanted.</param>
    /// <param name="end">One past the last byte of text wanted.</param>
    /// <param name="meter">Counts the bytes of text read from <paramref name="start"/> on; null for none.</param>
    public GzipRangeStream(string path, long start, long end, LoadMeter? meter = null)
        : base(start, end, meter)
    {
        _path = path;
        _crc = Strict.Value ? null : new System.IO.Hashing.Crc32();
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.SequentialScan);
        _gzip = new GZipStream(_file, CompressionMode.Decompress);
        if (start > 0)
        {
            Skip(start);
        }
    }

    protected override int ReadSource(Span<byte> buffer) => Inflate(buffer);

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
            for (var skipped = 0L; skipped < start;)
            {
                var read = Inflate(scratch.AsSpan(0, (int)Math.Min(BlockBytes, start - skipped)));
                if (read == 0)
                {
                    return; // the text is shorter: reads give nothing, as a plain file's past its end
                }

                skipped += read;
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
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(_path, e.Message.TrimEnd('.'));
        }

        if (_crc is not null)
        {
            _crc.Append(buffer[..read]);
            _inflated += read;
            if (read == 0 && !buffer.IsEmpty && !_verified)
            {
                _verified = true;
                if (!TrailerMatches(_path, _crc.GetCurrentHashAsUInt32(), _inflated))
                {
                    throw Corrupt(_path, $"or a stream of several members, which this process cannot check because {StrictSwitch} was off when it first decompressed: set it in its runtimeconfig.json");
                }
            }
        }

        return read;
    }

    /// <summary>
    /// Whether the file ends in the trailer of a single-member stream of this text: its CRC-32 and its length modulo
    /// 2³² (RFC 1952). The check of last resort when the inflater is not strict: a stream cut short ends in
    /// compressed bytes, which match by chance once in 2⁶⁴.
    /// </summary>
    internal static bool TrailerMatches(string path, uint crc, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var size = RandomAccess.GetLength(handle);
        Span<byte> trailer = stackalloc byte[8];
        return size >= 18 && RandomAccess.Read(handle, trailer, size - 8) == 8
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) == crc
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)length;
    }

    /// <summary>The error for a gzip file that cannot be read whole.</summary>
    public static DataFormatException Corrupt(string path, string cause) =>
        new(path, 0, 0, $"truncated or corrupt gzip stream ({cause}); download or compress it again (gzip -t tests it)");
}
