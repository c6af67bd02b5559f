namespace ShardML.Core.Data;

/// <summary>
/// Cuts a text file into byte ranges of whole lines, the way Hadoop input splits work, while reading only a few
/// bytes around each boundary: no process ever reads the whole file to plan it.
/// </summary>
public static class InputSplitter
{
    private const int ScanBlock = 64 * 1024;

    /// <summary>
    /// Plans <paramref name="partitionCount"/> ranges over <c>[dataStart, fileLength)</c>. Each nominal boundary is
    /// moved forward to the next line start, so a range may be empty when the file has fewer lines than partitions.
    /// </summary>
    public static IReadOnlyList<PartitionSource> Plan(string path, DatasetSchema schema, long dataStart, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var info = new FileInfo(path);
        var length = info.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataStart, length);

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var boundaries = new long[partitionCount + 1];
        boundaries[0] = dataStart;
        boundaries[partitionCount] = length;
        var span = length - dataStart;
        for (var i = 1; i < partitionCount; i++)
        {
            var nominal = dataStart + (long)((decimal)span * i / partitionCount);
            boundaries[i] = Math.Max(boundaries[i - 1], NextLineStart(handle, nominal, length));
        }

        var sources = new PartitionSource[partitionCount];
        var ticks = info.LastWriteTimeUtc.Ticks;
        for (var i = 0; i < partitionCount; i++)
        {
            sources[i] = new PartitionSource(info.FullName, boundaries[i], boundaries[i + 1], i, schema, length, ticks) { Bytes = boundaries[i + 1] - boundaries[i] };
        }

        return sources;
    }

    /// <summary>The first line start at or after <paramref name="position"/>: position itself when the byte before it is a newline.</summary>
    internal static long NextLineStart(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long position, long length)
    {
        if (position <= 0)
        {
            return 0;
        }

        Span<byte> buffer = stackalloc byte[4096];
        var at = position - 1;
        while (at < length)
        {
            var read = RandomAccess.Read(handle, buffer, at);
            if (read <= 0)
            {
                break;
            }

            var newline = buffer[..read].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return at + newline + 1;
            }

            at += read;
        }

        return length;
    }

    /// <summary>Counts the lines that end before <paramref name="position"/>; used only to report errors by absolute line.</summary>
    public static long CountLinesBefore(string path, long position)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[ScanBlock];
        long lines = 0;
        long at = 0;
        while (at < position)
        {
            var want = (int)Math.Min(buffer.Length, position - at);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, want), at);
            if (read <= 0)
            {
                break;
            }

            lines += System.MemoryExtensions.Count(buffer.AsSpan(0, read), (byte)'\n');
            at += read;
        }

        return lines;
    }
}
