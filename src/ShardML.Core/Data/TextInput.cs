namespace ShardML.Core.Data;

/// <summary>
/// The text of a CSV or LibSVM file as its readers see it: "the bytes of the text from offset X to Y", whether the
/// file is the text or a gzip stream of it. Every reader of a text file's bytes goes through here, so a range, a line
/// number and a partition's lineage mean the same thing for <c>data.csv</c> and <c>data.csv.gz</c>.
/// </summary>
/// <remarks>
/// A plain file is read by position. A gzip stream cannot be entered in the middle, so reading from X decompresses
/// from the file's start and discards the first X bytes: cheap for a header, and for partitions about P/2 times the
/// file in all (<see cref="GzipRangeStream"/>). Data read more than once belongs in a <c>.shard</c> file.
/// </remarks>
public static class TextInput
{
    /// <summary>The suffix a compressed file's name usually carries; the format is told by the name without it.</summary>
    public const string GzipSuffix = ".gz";

    /// <summary>gzip by its first two bytes (1f 8b), not by its name: a misnamed file is still read right.</summary>
    public static InputCompression Detect(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> magic = stackalloc byte[2];
        var read = RandomAccess.Read(handle, magic, 0);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? InputCompression.Gzip : InputCompression.None;
    }

    /// <summary>The name that tells the format: <c>data.csv</c> for <c>data.csv.gz</c>, the name itself otherwise.</summary>
    public static string FormatName(string path) =>
        path.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase) && path.Length > GzipSuffix.Length ? path[..^GzipSuffix.Length] : path;

    /// <summary>
    /// A forward-only stream of the text's bytes <c>[start, end)</c> (to the text's end when it is shorter). A corrupt
    /// or truncated gzip stream is a <see cref="DataFormatException"/> naming the file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="compression">How it is stored (<see cref="Detect"/>).</param>
    /// <param name="start">The first byte of text wanted.</param>
    /// <param name="end">One past the last byte of text wanted.</param>
    /// <param name="meter">Counts the bytes of text read, for progress; null for none.</param>
    public static Stream Open(string path, InputCompression compression, long start, long end, LoadMeter? meter = null) =>
        compression switch
        {
            InputCompression.None => new RangeStream(path, start, end, meter),
            InputCompression.Gzip => new GzipRangeStream(path, start, end, meter),
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression"),
        };

    /// <summary>Newlines in the text's bytes <c>[start, end)</c>.</summary>
    public static long CountNewlines(string path, InputCompression compression, long start, long end, CancellationToken cancellationToken = default)
    {
        using var stream = Open(path, compression, start, end);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(GzipRangeStream.BlockBytes);
        try
        {
            long lines = 0;
            int read;
            while ((read = stream.Read(buffer, 0, GzipRangeStream.BlockBytes)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            return lines;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The first line start at or after <paramref name="position"/> (position itself when the byte before it is a
    /// newline), or <paramref name="length"/> when no line starts there.
    /// </summary>
    public static long NextLineStart(string path, InputCompression compression, long position, long length)
    {
        if (position <= 0)
        {
            return 0;
        }

        using var stream = Open(path, compression, position - 1, length);
        Span<byte> buffer = stackalloc byte[4096];
        var at = position - 1;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var newline = buffer[..read].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return at + newline + 1;
            }

            at += read;
        }

        return length;
    }
}
