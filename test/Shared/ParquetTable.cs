using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace ShardML.Testing;

/// <summary>
/// A table of typed columns written as a real Parquet file by Parquet.Net's writer, in row groups of a given size,
/// and as the equivalent CSV (same rows, same order; a boolean as 1 or 0, a null as an empty field).
/// </summary>
public sealed class ParquetTable
{
    private readonly List<Column> _columns = [];

    public int Rows => _columns.Count == 0 ? 0 : _columns[0].Rows;

    public ParquetTable Add<T>(string name, T[] values)
        where T : struct =>
        Add(new Column(new DataField<T>(name), values.Length, (w, f, s, n) => w.WriteAsync(f, new ReadOnlyMemory<T>(values, s, n)), i => Text(values[i])));

    public ParquetTable AddNullable<T>(string name, T?[] values)
        where T : struct =>
        Add(new Column(new DataField<T?>(name), values.Length, (w, f, s, n) => w.WriteAsync(f, new ReadOnlyMemory<T?>(values, s, n)), i => values[i] is { } v ? Text(v) : string.Empty));

    public ParquetTable AddText(string name, string?[] values) =>
        Add(new Column(new DataField<string>(name), values.Length, (w, f, s, n) => w.WriteAsync(f, values[s..(s + n)]), i => values[i] ?? string.Empty));

    /// <summary>Writes the table to <paramref name="path"/> in row groups of <paramref name="rowsPerGroup"/> rows (the last may be shorter).</summary>
    public string Write(string path, int rowsPerGroup)
    {
        Task.Run(() => WriteAsync(path, rowsPerGroup)).GetAwaiter().GetResult();
        return path;
    }

    /// <summary>The same rows as CSV text with a header.</summary>
    public string ToCsv(char separator = ',')
    {
        var text = new System.Text.StringBuilder();
        text.AppendJoin(separator, _columns.Select(c => c.Field.Name)).Append('\n');
        for (var i = 0; i < Rows; i++)
        {
            text.AppendJoin(separator, _columns.Select(c => c.Format(i))).Append('\n');
        }

        return text.ToString();
    }

    private static string Text<T>(T value) => value switch
    {
        bool b => b ? "1" : "0",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? string.Empty,
    };

    private ParquetTable Add(Column column)
    {
        if (_columns.Count > 0 && column.Rows != Rows)
        {
            throw new ArgumentException($"column '{column.Field.Name}' has {column.Rows} rows, the table {Rows}");
        }

        _columns.Add(column);
        return this;
    }

    private async Task WriteAsync(string path, int rowsPerGroup)
    {
        var schema = new ParquetSchema(_columns.Select(c => (Field)c.Field));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        for (var start = 0; start < Rows; start += rowsPerGroup)
        {
            var count = Math.Min(rowsPerGroup, Rows - start);
            using var group = writer.CreateRowGroup();
            foreach (var column in _columns)
            {
                await column.Write(group, column.Field, start, count);
            }
        }
    }

    private sealed record Column(DataField Field, int Rows, Func<ParquetRowGroupWriter, DataField, int, int, Task> Write, Func<int, string> Format);
}
