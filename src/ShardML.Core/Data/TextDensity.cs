namespace ShardML.Core.Data;

/// <summary>
/// How densely a text file packs its rows, from a sample of its first mebibyte of data: bytes per line and, for
/// LibSVM, <c>index:value</c> pairs per line. The planner turns a partition's byte range into expected rows with it,
/// so memory admission knows what a partition will hold before any silo reads it (<see cref="PartitionMemory"/>).
/// </summary>
/// <param name="BytesPerLine">Mean length of a line in the sample, its newline included.</param>
/// <param name="PairsPerLine">Mean count of ':' per line in the sample (LibSVM's pairs); 0 for a CSV file.</param>
public sealed record TextDensity(double BytesPerLine, double PairsPerLine)
{
    /// <summary>Bytes of data sampled: enough lines to average over, few enough to read in a millisecond or two.</summary>
    public const int SampleBytes = 1 << 20;

    /// <summary>
    /// The sample is the file's head; the rest may hold shorter lines (fewer digits, emptier sparse rows). Each estimate
    /// is raised by this factor: a tenth more rows than the head suggests, so a modest drift is still not optimistic.
    /// </summary>
    public const double Margin = 1.1;

    /// <summary>Samples the text from <paramref name="dataStart"/> (decompressed, for a gzip file).</summary>
    public static TextDensity Sample(string path, InputCompression compression, long dataStart, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[SampleBytes];
        var read = 0;
        using (var stream = TextInput.Open(path, compression, dataStart, dataStart + SampleBytes))
        {
            int got;
            while (read < buffer.Length && (got = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                read += got;
            }
        }

        var sample = buffer.AsSpan(0, read);
        var lines = sample.Count((byte)'\n');
        var lastNewline = sample.LastIndexOf((byte)'\n');
        if (lines == 0 || read < SampleBytes)
        {
            // The whole rest of the file: a last line without its newline is a line too.
            lines += lastNewline == read - 1 ? 0 : 1;
        }
        else
        {
            sample = sample[..(lastNewline + 1)]; // whole lines only: a cut-off last line would lower the mean
        }

        return new TextDensity((double)sample.Length / Math.Max(1, lines), (double)sample.Count((byte)':') / Math.Max(1, lines));
    }

    /// <summary>Rows expected in <paramref name="bytes"/> of text: by the sample's mean line, raised by <see cref="Margin"/>.</summary>
    public long Rows(long bytes) => bytes <= 0 ? 0 : (long)Math.Ceiling(bytes / BytesPerLine * Margin);

    /// <summary>LibSVM pairs expected in <paramref name="rows"/> rows (already raised by <see cref="Margin"/>: not raised again).</summary>
    public long Pairs(long rows) => (long)Math.Ceiling(rows * PairsPerLine);
}
