namespace ShardML.Core.Data;

/// <summary>
/// Cuts a text file into byte ranges of whole lines, the way Hadoop input splits work. A plain file is read only a few
/// bytes around each boundary: no process ever reads the whole file to plan it. A compressed file is read once, as a
/// stream (<see cref="CompressedSplitter"/>), and cut at the same lines as its plain copy.
/// </summary>
public static class InputSplitter
{
    /// <summary>
    /// Plans <paramref name="partitionCount"/> ranges over <c>[dataStart, textLength)</c>. Each nominal boundary is
    /// moved forward to the next line start, so a range may be empty when the file has fewer lines than partitions.
    /// </summary>
    public static IReadOnlyList<PartitionSource> Plan(string path, DatasetSchema schema, long dataStart, int partitionCount) =>
        Plan(path, schema, dataStart, partitionCount, TextInput.Detect(path));

    /// <inheritdoc cref="Plan(string, DatasetSchema, long, int)"/>
    public static IReadOnlyList<PartitionSource> Plan(string path, DatasetSchema schema, long dataStart, int partitionCount, InputCompression compression, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var info = new FileInfo(path);
        long[] boundaries;
        long[]? newlines = null;
        if (compression == InputCompression.None)
        {
            CheckData(path, dataStart, info.Length, compression);
            boundaries = new long[partitionCount + 1];
            boundaries[0] = dataStart;
            boundaries[partitionCount] = info.Length;
            for (var i = 1; i < partitionCount; i++)
            {
                boundaries[i] = Math.Max(boundaries[i - 1], TextInput.NextLineStart(path, compression, Nominal(dataStart, info.Length, i, partitionCount), info.Length));
            }
        }
        else
        {
            (boundaries, newlines) = CompressedSplitter.Split(path, compression, dataStart, partitionCount, cancellationToken);
            CheckData(path, dataStart, boundaries[partitionCount], compression);
        }

        var sources = new PartitionSource[partitionCount];
        var ticks = info.LastWriteTimeUtc.Ticks;
        for (var i = 0; i < partitionCount; i++)
        {
            sources[i] = new PartitionSource(info.FullName, boundaries[i], boundaries[i + 1], i, schema, info.Length, ticks)
            {
                Bytes = boundaries[i + 1] - boundaries[i],
                Compression = compression,
                Newlines = newlines?[i],
            };
        }

        return sources;
    }

    /// <summary>Where boundary <paramref name="i"/> of <paramref name="count"/> would fall before moving to a line start.</summary>
    internal static long Nominal(long dataStart, long length, int i, int count) => dataStart + (long)((decimal)(length - dataStart) * i / count);

    /// <summary>Counts the lines that end before <paramref name="position"/> of the text; used only to report errors by absolute line.</summary>
    public static long CountLinesBefore(string path, long position) => TextInput.CountNewlines(path, TextInput.Detect(path), 0, position);

    private static void CheckData(string path, long dataStart, long textLength, InputCompression compression)
    {
        if (textLength == 0)
        {
            throw new DataFormatException(path, 0, 0, compression == InputCompression.None ? "file is empty" : "file is empty once decompressed");
        }

        if (dataStart >= textLength)
        {
            throw new DataFormatException(path, 0, 0, "file has a header but no data rows");
        }
    }
}
