using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace ShardML.Bench;

/// <summary>Writes a <see cref="SyntheticData"/> set to files, a block of rows at a time (never the whole set in memory).</summary>
public static class DataFiles
{
    private const int BlockRows = 16 * 1024;

    /// <summary>A small row-major matrix as CSV under a header of <paramref name="columns"/>, each value in its shortest round-tripping text.</summary>
    public static void WriteMatrixCsv(float[] values, int rows, IReadOnlyList<string> columns, string path)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(columns);
        if (values.Length != rows * columns.Count)
        {
            throw new ArgumentException($"{values.Length} values are not {rows} rows of {columns.Count} columns", nameof(values));
        }

        var text = new StringBuilder(string.Join(',', columns)).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                text.Append(c == 0 ? string.Empty : ",").Append(values[(r * columns.Count) + c].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// A CSV with a header (<c>x0 … x{d−1}</c>, then <c>y</c> when labelled). Values use the shortest text that parses
    /// back to the same float, so loading the file gives exactly the generated data. Blocks are formatted in parallel
    /// and written in order.
    /// </summary>
    public static void WriteCsv(SyntheticData data, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var header = string.Join(',', Enumerable.Range(0, data.Features).Select(f => "x" + f.ToString(CultureInfo.InvariantCulture))) + (data.HasLabel ? ",y\n" : "\n");
        stream.Write(Encoding.UTF8.GetBytes(header));
        var blocks = (int)((data.Rows + BlockRows - 1) / BlockRows);
        var batch = Math.Max(1, Environment.ProcessorCount * 2);
        for (var b = 0; b < blocks; b += batch)
        {
            var texts = new byte[Math.Min(batch, blocks - b)][];
            Parallel.For(0, texts.Length, i => texts[i] = FormatBlock(data, (long)(b + i) * BlockRows));
            foreach (var text in texts)
            {
                stream.Write(text);
            }
        }
    }

    /// <summary>
    /// The same rows as Parquet: float columns <c>x0 … x{d−1}</c> (and <c>y</c>), in row groups of
    /// <paramref name="rowsPerGroup"/> rows, compressed as Parquet.Net compresses by default (Snappy, as Spark does).
    /// </summary>
    public static void WriteParquet(SyntheticData data, string path, int rowsPerGroup) =>
        Task.Run(() => WriteParquetAsync(data, path, rowsPerGroup)).GetAwaiter().GetResult();

    /// <summary>NumPy's <c>.npy</c> (format 1.0): a little-endian float32 array of the features and, when labelled, one of the labels.</summary>
    public static void WriteNpy(SyntheticData data, string featuresPath, string? labelsPath) => WriteNpy(data, 0, data.Rows, featuresPath, labelsPath);

    /// <summary>As <see cref="WriteNpy(SyntheticData, string, string?)"/> for rows <c>[first, first + rows)</c> (e.g. a held-out test set past the training rows).</summary>
    public static void WriteNpy(SyntheticData data, long first, long rows, string featuresPath, string? labelsPath)
    {
        using var features = new FileStream(featuresPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var labels = labelsPath is null ? null : new FileStream(labelsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteNpyHeader(features, $"({rows}, {data.Features})");
        if (labels is not null)
        {
            WriteNpyHeader(labels, $"({rows},)");
        }

        var x = new float[BlockRows * data.Features];
        var y = new float[BlockRows];
        for (long done = 0; done < rows; done += BlockRows)
        {
            var count = (int)Math.Min(BlockRows, rows - done);
            data.Fill(first + done, x.AsSpan(0, count * data.Features), y.AsSpan(0, count));
            features.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan(0, count * data.Features)));
            labels?.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan(0, count)));
        }
    }

    /// <summary>
    /// LibSVM text of rows <c>[first, first + rows)</c>: <c>label index:value …</c> with 1-based ascending indices and
    /// the shortest text that parses back to the same float. Blocks are formatted in parallel and written in order.
    /// </summary>
    public static void WriteLibSvm(SparseClassificationData data, long first, long rows, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var blocks = (int)((rows + BlockRows - 1) / BlockRows);
        var batch = Math.Max(1, Environment.ProcessorCount * 2);
        for (var b = 0; b < blocks; b += batch)
        {
            var texts = new byte[Math.Min(batch, blocks - b)][];
            Parallel.For(0, texts.Length, i =>
            {
                var start = (long)(b + i) * BlockRows;
                texts[i] = FormatLibSvmBlock(data, first + start, (int)Math.Min(BlockRows, rows - start));
            });
            foreach (var text in texts)
            {
                stream.Write(text);
            }
        }
    }

    /// <summary>Writes a float32 matrix (e.g. the starting centers) as <c>.npy</c>.</summary>
    public static void WriteNpy(float[] values, int rows, int columns, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        WriteNpyHeader(stream, $"({rows}, {columns})");
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan(0, rows * columns)));
    }

    private static async Task WriteParquetAsync(SyntheticData data, string path, int rowsPerGroup)
    {
        var d = data.Features;
        var fields = Enumerable.Range(0, d).Select(f => new DataField<float>("x" + f.ToString(CultureInfo.InvariantCulture))).ToList();
        if (data.HasLabel)
        {
            fields.Add(new DataField<float>("y"));
        }

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        var x = new float[rowsPerGroup * d];
        var y = new float[rowsPerGroup];
        var column = new float[rowsPerGroup];
        for (long first = 0; first < data.Rows; first += rowsPerGroup)
        {
            var count = (int)Math.Min(rowsPerGroup, data.Rows - first);
            data.Fill(first, x.AsSpan(0, count * d), y.AsSpan(0, count));
            using var group = writer.CreateRowGroup();
            for (var f = 0; f < d; f++)
            {
                for (var r = 0; r < count; r++)
                {
                    column[r] = x[(r * d) + f];
                }

                await group.WriteAsync(fields[f], new ReadOnlyMemory<float>(column, 0, count));
            }

            if (data.HasLabel)
            {
                await group.WriteAsync(fields[d], new ReadOnlyMemory<float>(y, 0, count));
            }
        }
    }

    private static void WriteNpyHeader(Stream stream, string shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the .npy writer assumes a little-endian machine");
        }

        var dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        var length = 10 + dictionary.Length + 1;
        var padded = (length + 63) / 64 * 64;
        var header = dictionary + new string(' ', padded - length) + "\n";
        stream.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 });
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
    }

    private static byte[] FormatLibSvmBlock(SparseClassificationData data, long first, int count)
    {
        var indices = new int[data.NonZeros];
        var values = new float[data.NonZeros];
        var buffer = new byte[count * ((data.NonZeros * 24) + 8)];
        var at = 0;
        for (var r = 0; r < count; r++)
        {
            var label = data.Row(first + r, indices, values);
            buffer[at++] = label > 0 ? (byte)'1' : (byte)'-';
            if (label < 0)
            {
                buffer[at++] = (byte)'1';
            }

            for (var k = 0; k < indices.Length; k++)
            {
                buffer[at++] = (byte)' ';
                (indices[k] + 1).TryFormat(buffer.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
                at += written;
                buffer[at++] = (byte)':';
                values[k].TryFormat(buffer.AsSpan(at), out written, default, CultureInfo.InvariantCulture);
                at += written;
            }

            buffer[at++] = (byte)'\n';
        }

        return buffer[..at];
    }

    private static byte[] FormatBlock(SyntheticData data, long first)
    {
        var count = (int)Math.Min(BlockRows, data.Rows - first);
        var d = data.Features;
        var x = new float[count * d];
        var y = new float[count];
        data.Fill(first, x, y);
        var buffer = new byte[count * ((d + 1) * 16)];
        var at = 0;
        for (var r = 0; r < count; r++)
        {
            for (var f = 0; f < d; f++)
            {
                x[(r * d) + f].TryFormat(buffer.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
                at += written;
                buffer[at++] = f == d - 1 && !data.HasLabel ? (byte)'\n' : (byte)',';
            }

            if (data.HasLabel)
            {
                y[r].TryFormat(buffer.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
                at += written;
                buffer[at++] = (byte)'\n';
            }
        }

        return buffer[..at];
    }
}
