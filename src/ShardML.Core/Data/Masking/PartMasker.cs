using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace ShardML.Core.Data.Masking;

/// <summary>
/// Writes one partition's masked part: reads the partition's byte range of the CSV line by line (a record is one line,
/// as for every CSV partition), applies each column's transform, and writes <c>part-NNNNN.csv</c> (with the header) or
/// <c>.parquet</c> into the output directory — to a temporary name first, then renamed, so a part is whole or absent and
/// a partition run twice writes the same file. Every value depends on the key, the column and the row alone (noise is
/// keyed by the row's byte offset), so the parts, read in order, are the same rows whatever the partition count.
/// </summary>
/// <remarks>
/// Parquet parts: rounded and noised columns are doubles; every other column is text, as the CSV had it. A value a
/// numeric transform cannot read is a <see cref="DataFormatException"/> at its file, line and column that quotes none
/// of the file. Cost: one read of the range, one HMAC per hashed value or noised value.
/// </remarks>
public static class PartMasker
{
    private const int ParquetRowGroup = 65_536;

    public static MaskedPart Write(MaskOptions options, PartitionSource source, MaskKey? key, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var columns = schema.FeatureNames;
        var transforms = columns.Select(c => options.Transforms.FirstOrDefault(t => string.Equals(t.Column, c, StringComparison.Ordinal))).ToArray();
        var kept = Enumerable.Range(0, columns.Length).Where(j => transforms[j]?.Kind != ColumnTransformKind.Drop).ToArray();
        if (key is null && transforms.Any(t => t?.Kind is ColumnTransformKind.Hash or ColumnTransformKind.Noise))
        {
            throw new ArgumentException("hashing and noise are keyed: give a key file (`KeyPath`)", nameof(key));
        }

        var extension = options.OutputFormat == MaskOutputFormat.Parquet ? "parquet" : "csv";
        var name = string.Create(CultureInfo.InvariantCulture, $"part-{source.Index:D5}.{extension}");
        var path = System.IO.Path.Combine(options.OutputDirectory, name);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        long rows;
        try
        {
            var values = Read(options, source, transforms, kept, key, cancellationToken);
            rows = values.Count;
            if (options.OutputFormat == MaskOutputFormat.Parquet)
            {
                WriteParquetAsync(temporary, [.. kept.Select(j => columns[j])], [.. kept.Select(j => IsNumeric(transforms[j]))], values).GetAwaiter().GetResult();
            }
            else
            {
                WriteCsv(temporary, schema.Separator, [.. kept.Select(j => columns[j])], values);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new MaskedPart(source.Index, name, rows, new FileInfo(path).Length);
    }

    private static bool IsNumeric(ColumnTransform? transform) => transform?.Kind is ColumnTransformKind.Round or ColumnTransformKind.Noise;

    /// <summary>The range's rows, each the kept columns' output values (text, or a double for numeric transforms).</summary>
    private static List<object[]> Read(MaskOptions options, PartitionSource source, ColumnTransform?[] transforms, int[] kept, MaskKey? key, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var rows = new List<object[]>();
        using var stream = new BufferedStream(TextInput.Open(source.Path, source.Compression, source.Start, source.End), 1 << 16);
        var line = new MemoryStream();
        var offset = source.Start;
        var lineStart = offset;
        var lineInRange = 0;
        int b;
        while (offset < source.End && (b = stream.ReadByte()) >= 0)
        {
            offset++;
            if (b != '\n')
            {
                line.WriteByte((byte)b);
                if (offset < source.End)
                {
                    continue;
                }
            }

            lineInRange++;
            var text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            line.SetLength(0);
            if (text.Trim().Length > 0)
            {
                if ((rows.Count & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                rows.Add(Row(options, source, transforms, kept, key, CsvFields.Split(text, schema.Separator), lineStart, lineInRange));
            }

            lineStart = offset;
        }

        return rows;
    }

    private static object[] Row(MaskOptions options, PartitionSource source, ColumnTransform?[] transforms, int[] kept, MaskKey? key, List<string> fields, long offset, int lineInRange)
    {
        if (fields.Count != source.Schema.ColumnCount)
        {
            throw Error(source, lineInRange, 0, $"expected {source.Schema.ColumnCount} columns but found {fields.Count}");
        }

        var row = new object[kept.Length];
        for (var k = 0; k < kept.Length; k++)
        {
            var j = kept[k];
            var field = fields[j];
            var transform = transforms[j];
            row[k] = transform?.Kind switch
            {
                null => field,
                ColumnTransformKind.Hash => key!.Pseudonym(field),
                ColumnTransformKind.Round => Rounded(Number(source, field, j, lineInRange), transform.Step),
                ColumnTransformKind.Noise => Number(source, field, j, lineInRange) + key!.Laplace(transform.Column, offset, transform.Scale),
                ColumnTransformKind.Bucket => Bucket(Number(source, field, j, lineInRange), transform.Edges!),
                _ => throw new InvalidOperationException($"column '{transform.Column}' was to be dropped"),
            };
        }

        return row;
    }

    private static double Number(PartitionSource source, string field, int column, int lineInRange) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(source, lineInRange, column + 1, $"column '{source.Schema.FeatureNames[column]}' is to be rounded, bucketed or noised but this value is not a finite number");

    /// <summary>The nearest multiple of <paramref name="step"/>, rounded to the step's own decimals so 0.1 steps print as 0.3, not 0.30000000000000004.</summary>
    public static double Rounded(double value, double step)
    {
        var multiple = Math.Round(value / step, MidpointRounding.AwayFromZero) * step;
        var text = step.ToString("R", CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var decimals = text.Contains('E', StringComparison.OrdinalIgnoreCase) || point < 0 ? -1 : text.Length - point - 1;
        return decimals is >= 0 and <= 15 ? Math.Round(multiple, decimals, MidpointRounding.AwayFromZero) : multiple;
    }

    /// <summary>"(-inf, e0)", "[e_i, e_i+1)" or "[e_n, inf)".</summary>
    public static string Bucket(double value, double[] edges)
    {
        var at = Array.BinarySearch(edges, value);
        var index = at >= 0 ? at + 1 : ~at; // the number of edges ≤ value
        string Edge(int i) => edges[i].ToString("R", CultureInfo.InvariantCulture);
        return index == 0 ? $"(-inf, {Edge(0)})" : index == edges.Length ? $"[{Edge(edges.Length - 1)}, inf)" : $"[{Edge(index - 1)}, {Edge(index)})";
    }

    private static void WriteCsv(string path, char separator, string[] header, List<object[]> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(string.Join(separator, header.Select(h => CsvFields.Quote(h, separator))));
        writer.Write('\n');
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var k = 0; k < row.Length; k++)
            {
                if (k > 0)
                {
                    line.Append(separator);
                }

                line.Append(row[k] is double d ? d.ToString("R", CultureInfo.InvariantCulture) : CsvFields.Quote((string)row[k], separator));
            }

            writer.Write(line.Append('\n'));
        }
    }

    private static async Task WriteParquetAsync(string path, string[] header, bool[] numeric, List<object[]> rows)
    {
        var fields = header.Select((h, k) => numeric[k] ? (DataField)new DataField<double>(h) : new DataField<string>(h)).ToArray();
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        for (var first = 0; first < rows.Count || (first == 0 && rows.Count == 0); first += ParquetRowGroup)
        {
            var count = Math.Min(ParquetRowGroup, rows.Count - first);
            using var group = writer.CreateRowGroup();
            for (var k = 0; k < fields.Length; k++)
            {
                if (numeric[k])
                {
                    await group.WriteAsync(fields[k], new ReadOnlyMemory<double>([.. rows.Skip(first).Take(count).Select(r => (double)r[k])]));
                }
                else
                {
                    await group.WriteAsync(fields[k], rows.Skip(first).Take(count).Select(r => (string)r[k]).ToArray());
                }
            }

            if (rows.Count == 0)
            {
                break;
            }
        }
    }

    private static DataFormatException Error(PartitionSource source, int lineInRange, int column, string problem) =>
        new(source.Path, InputSplitter.CountLinesBefore(source.Path, source.Start) + lineInRange, column, problem);
}
