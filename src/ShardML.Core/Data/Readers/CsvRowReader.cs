using System.Globalization;
using nietras.SeparatedValues;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// Reads a CSV partition value by value into an <see cref="IRowSink"/>: the encoder of a learned pipeline, or the
/// profiler that learns one, with the columns kept as text. A number column's value is parsed (a missing spelling is
/// missing, anything else not a number is an error), a text column's is taken as written (unquoted). Under
/// <see cref="MissingValues.Drop"/> a row with a missing feature or label is skipped before any of it is given, and
/// counted. Errors name the line and column as the fast path's do (<see cref="CsvPartitionReader"/>).
/// </summary>
internal static class CsvRowReader
{
    public static Partition Read(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var capacity = CsvPartitionReader.CountLines(source) + 1; // the last line may lack its newline
        if (capacity > Array.MaxLength)
        {
            throw new DataFormatException(source.Path, 0, 0, $"partition {source.Index} holds more rows than one array can; use more partitions");
        }

        var sink = RowSinks.Create(schema, (int)capacity);
        var kinds = sink.Kinds;
        var columns = schema.FeatureColumns;
        var names = schema.Pipeline?.ColumnNames ?? schema.FeatureNames;
        var readLabels = schema.HasLabel && !schema.Profiling;
        var labels = readLabels ? GC.AllocateUninitializedArray<float>((int)capacity) : null;
        var vocabulary = readLabels && schema.CategoricalLabel ? new LabelVocabularyBuilder() : null;
        var labelsDropped = false;
        var keep = schema.KeepColumns is { } kept && !schema.Profiling ? kept : [];
        var keptValues = keep.Select(_ => new List<string>()).ToArray();
        long dropped = 0;
        var rows = 0;
        long metered = 0;

        using var stream = TextInput.Open(source.Path, source.Compression, source.Start, source.End, meter);
        using var reader = Sep.Reader(o => o with
        {
            Sep = new Sep(schema.Separator),
            HasHeader = false,
            DisableColCountCheck = true,
            CultureInfo = CultureInfo.InvariantCulture,
        }).From(stream);

        foreach (var row in reader)
        {
            if (rows + dropped - metered > 0xFFFF)
            {
                cancellationToken.ThrowIfCancellationRequested();
                meter?.Add(0, rows + dropped - metered);
                metered = rows + dropped;
            }

            if (row.ColCount == 1 && row.Span.Trim().IsEmpty)
            {
                continue; // a blank line is not a row
            }

            if (row.Span.IndexOfAny('\n', '\r') >= 0)
            {
                throw CsvPartitionReader.SpansLines(source, row);
            }

            var line = CsvPartitionReader.LineOf(row);
            if (row.ColCount != schema.ColumnCount)
            {
                throw CsvPartitionReader.Error(source, line, 0, $"expected {schema.ColumnCount} columns but found {row.ColCount}");
            }

            if (sink.DropsRows && HasMissing(row, columns, schema))
            {
                dropped++;
                continue;
            }

            for (var c = 0; c < columns.Length; c++)
            {
                var field = row[columns[c]].Span.Trim();
                var problem = MissingCells.IsMissing(field) ? sink.Missing(c, MissingCells.Describe(field))
                    : kinds[c] == ColumnKind.Text ? sink.Text(c, CsvPartitionReader.Unquote(field))
                    : Number(sink, c, names[c], field, schema);
                if (problem is not null)
                {
                    throw CsvPartitionReader.Error(source, line, columns[c] + 1, problem);
                }
            }

            if (readLabels)
            {
                var text = row[schema.LabelColumn].Span.Trim();
                if (text.IsEmpty)
                {
                    throw CsvPartitionReader.Error(source, line, schema.LabelColumn + 1, $"missing label '{schema.LabelName}'");
                }

                if (vocabulary is null)
                {
                    labels![rows] = CsvPartitionReader.ParseValue(source, row, schema.LabelColumn, schema.LabelName!);
                }
                else if (!labelsDropped)
                {
                    var code = CsvPartitionReader.InternLabel(source, vocabulary, text, line, schema.LabelColumn + 1, schema.OptionalClasses);
                    labelsDropped = code < 0;
                    labels![rows] = code;
                }
            }

            for (var k = 0; k < keep.Length; k++)
            {
                keptValues[k].Add(CsvPartitionReader.Unquote(row[keep[k]].Span.Trim()).ToString());
            }

            sink.EndRow();
            rows++;
        }

        meter?.Add(0, rows + dropped - metered);
        if (labels is not null && labels.Length != rows)
        {
            labels = labels.AsSpan(0, rows).ToArray(); // labels' length is the row count to callers
        }

        return labelsDropped
            ? RowSinks.Finish(sink, source, null, null, Kept(keptValues), dropped)
            : RowSinks.Finish(sink, source, labels, vocabulary?.ToVocabulary(), Kept(keptValues), dropped);
    }

    private static string[][]? Kept(List<string>[] values) => values.Length == 0 ? null : [.. values.Select(v => v.ToArray())];

    private static string? Number(IRowSink sink, int column, string name, ReadOnlySpan<char> field, DatasetSchema schema)
    {
        if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !CsvPartitionReader.TryParseQuoted(field, out value))
        {
            return CsvPartitionReader.NotParsed(schema, -1, name, field);
        }

        return float.IsFinite(value) ? sink.Number(column, value) : $"column '{name}': {field.ToString()} is not allowed; values must be finite";
    }

    /// <summary>True when a feature or the label of the row is missing: the row is dropped whole.</summary>
    private static bool HasMissing(SepReader.Row row, int[] columns, DatasetSchema schema)
    {
        foreach (var c in columns)
        {
            if (MissingCells.IsMissing(row[c].Span.Trim()))
            {
                return true;
            }
        }

        return schema.HasLabel && MissingCells.IsMissing(row[schema.LabelColumn].Span.Trim());
    }
}
