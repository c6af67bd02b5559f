namespace ShardML.Core.Data;

/// <summary>
/// Cuts a compressed text file at the lines <see cref="InputSplitter"/> cuts its plain copy at, in one streaming pass
/// when it can. A boundary is the first line start at or after its nominal offset, a fraction of the text's length,
/// which a gzip file states only modulo 2³² and only for its last member (ISIZE): the pass plans with that length and
/// checks it at the end, and only a file it misstated (several members, 4 GiB or more of text) is read a second time
/// with the length the first pass measured. The pass also counts each range's newlines, so a partition sizes its
/// arrays without decompressing its range twice.
/// </summary>
internal static class CompressedSplitter
{
    /// <returns>The P + 1 boundaries (the last is the text's length) and each range's newlines.</returns>
    public static (long[] Boundaries, long[] Newlines) Split(string path, InputCompression compression, long dataStart, int partitionCount, CancellationToken cancellationToken)
    {
        var stated = StatedLength(path);
        var (boundaries, newlines, length) = Pass(path, compression, dataStart, partitionCount, stated, cancellationToken);
        if (length != stated && partitionCount > 1)
        {
            (boundaries, newlines, length) = Pass(path, compression, dataStart, partitionCount, length, cancellationToken);
        }

        return (boundaries, newlines);
    }

    /// <summary>The text length the gzip trailer states (ISIZE, the last member's length modulo 2³²).</summary>
    private static long StatedLength(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        Span<byte> trailer = stackalloc byte[4];
        return length >= 18 && RandomAccess.Read(handle, trailer, length - 4) == 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) : 0;
    }

    /// <summary>
    /// Reads the whole text once. Boundary i is the first line start at or after its nominal offset for a text of
    /// <paramref name="assumedLength"/> bytes (exactly the plain splitter's rule when the assumption holds).
    /// </summary>
    private static (long[] Boundaries, long[] Newlines, long Length) Pass(string path, InputCompression compression, long dataStart, int count, long assumedLength, CancellationToken cancellationToken)
    {
        var boundaries = new long[count + 1];
        var newlines = new long[count];
        boundaries[0] = dataStart;
        var next = 1; // the boundary to place next
        var nominal = count > 1 ? InputSplitter.Nominal(dataStart, Math.Max(dataStart, assumedLength), 1, count) : long.MaxValue;
        while (next < count && nominal <= 0)
        {
            boundaries[next] = boundaries[next - 1]; // the first line start at or after 0 is 0, before the data
            next++;
            nominal = next < count ? InputSplitter.Nominal(dataStart, Math.Max(dataStart, assumedLength), next, count) : long.MaxValue;
        }

        long chunkStart = 0;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(GzipRangeStream.BlockBytes);
        try
        {
            using var stream = TextInput.Open(path, compression, 0, long.MaxValue);
            int read;
            while ((read = stream.Read(buffer, 0, GzipRangeStream.BlockBytes)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var span = buffer.AsSpan(0, read);
                var at = 0;
                while (at < read)
                {
                    // Newlines before nominal - 1 place no boundary: count them in bulk into the range they end lines of.
                    var quiet = (int)Math.Clamp(nominal - 1 - chunkStart, at, read);
                    newlines[next - 1] += CountFrom(span[at..quiet], chunkStart + at, dataStart);
                    at = quiet;
                    if (at == read)
                    {
                        break;
                    }

                    var found = span[at..].IndexOf((byte)'\n');
                    if (found < 0)
                    {
                        break;
                    }

                    var newline = chunkStart + at + found;
                    if (newline >= dataStart)
                    {
                        newlines[next - 1]++;
                    }

                    while (next < count && nominal <= newline + 1)
                    {
                        boundaries[next] = Math.Max(boundaries[next - 1], newline + 1);
                        next++;
                        nominal = next < count ? InputSplitter.Nominal(dataStart, Math.Max(dataStart, assumedLength), next, count) : long.MaxValue;
                    }

                    at += found + 1;
                }

                chunkStart += read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        for (; next <= count; next++)
        {
            boundaries[next] = Math.Max(boundaries[next - 1], chunkStart); // no line starts after the nominal: the range runs to the end
        }

        return (boundaries, newlines, chunkStart);
    }

    /// <summary>Newlines in <paramref name="bytes"/> (which start at text offset <paramref name="offset"/>) at or after <paramref name="dataStart"/>.</summary>
    private static long CountFrom(ReadOnlySpan<byte> bytes, long offset, long dataStart)
    {
        var skip = (int)Math.Clamp(dataStart - offset, 0, bytes.Length);
        return bytes[skip..].Count((byte)'\n');
    }
}
