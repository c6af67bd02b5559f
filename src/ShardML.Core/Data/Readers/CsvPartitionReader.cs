using nietras.SeparatedValues;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// Parses one partition's byte range of a CSV file into a dense matrix with Sep's SIMD tokenizer and fast float
/// parsing. Every value is checked: a missing, non-numeric or non-finite value, or a row with the wrong number of
/// columns, is a <see cref="DataFormatException"/> naming the file, the line and the column. A categorical label
/// is read as text and interned into the partition's <see cref="LabelVocabulary"/>.
/// </summary>
internal static class CsvPartitionReader
{
    public static Partition Read(PartitionSource source, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var features = schema.FeatureCount;
        var estimatedRows = (int)Math.Min(int.MaxValue / Math.Max(1, features), Math.Max(16, source.Length / Math.Max(2, 8 * (features + 1))));
        var values = new GrowableBuffer<float>(estimatedRows * features);
        var labels = schema.HasLabel ? new GrowableBuffer<float>(estimatedRows) : default;
        var featureColumns = schema.FeatureColumns;
        var vocabulary = schema.CategoricalLabel ? new LabelVocabularyBuilder() : null;
        var rows = 0;

        using var stream = new RangeStream(source.Path, source.Start, source.End);
        using var reader = Sep.Reader(o => o with
        {
            Sep = new Sep(schema.Separator),
            HasHeader = false,
            DisableColCountCheck = true,
            CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        }).From(stream);

        foreach (var row in reader)
        {
            if ((rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (row.ColCount == 1 && row.Span.Trim().IsEmpty)
            {
                continue; // a blank line is not a row
            }

            if (row.ColCount != schema.ColumnCount)
            {
                throw Error(source, LineOf(row), 0, $"expected {schema.ColumnCount} columns but found {row.ColCount}");
            }

            var target = values.Append(features);
            for (var j = 0; j < features; j++)
            {
                target[j] = ParseValue(source, row, featureColumns[j], schema.FeatureNames[j]);
            }

            if (schema.HasLabel)
            {
                var labelText = row[schema.LabelColumn].Span.Trim();
                if (labelText.IsEmpty)
                {
                    throw Error(source, LineOf(row), schema.LabelColumn + 1, $"missing label '{schema.LabelName}'");
                }

                labels.Add(vocabulary is null
                    ? ParseValue(source, row, schema.LabelColumn, schema.LabelName!)
                    : InternLabel(source, vocabulary, labelText, LineOf(row), schema.LabelColumn + 1));
            }

            rows++;
        }

        var matrix = new DenseMatrix(values.ToArray(), rows, features);
        return Partition.FromDense(source, matrix, schema.HasLabel ? labels.ToArray() : null, vocabulary?.ToVocabulary());
    }

    /// <summary>The label's local code in the partition's vocabulary, as the float the label array holds.</summary>
    private static float InternLabel(PartitionSource source, LabelVocabularyBuilder vocabulary, ReadOnlySpan<char> text, int line, int column)
    {
        var code = vocabulary.Intern(Unquote(text), line, column);
        return code >= 0
            ? code
            : throw Error(source, line, column, $"more than {LabelVocabulary.MaximumCount} distinct labels in one partition; a class label takes few values (is this a regression target?)");
    }

    private static float ParseValue(PartitionSource source, SepReader.Row row, int column, string name)
    {
        var col = row[column];
        if (!col.TryParse(out float value))
        {
            var text = col.Span.Trim();
            var what = text.IsEmpty ? "the value is empty" : $"'{Shorten(text)}' is not a number";
            throw Error(source, LineOf(row), column + 1, $"column '{name}': {what}");
        }

        if (!float.IsFinite(value))
        {
            throw Error(source, LineOf(row), column + 1, $"column '{name}': {col.Span.Trim().ToString()} is not allowed; values must be finite");
        }

        return value;
    }

    /// <summary>
    /// A quoted field's text (RFC 4180: <c>"a, ""b"""</c> is <c>a, "b"</c>). Sep splits quoted fields correctly but
    /// leaves the quotes, and the reader does not unescape numbers; only a class name needs it. Allocates only
    /// when the field holds a doubled quote.
    /// </summary>
    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        var inner = text[1..^1];
        return inner.Contains("\"\"", StringComparison.Ordinal) ? inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : inner;
    }

    /// <summary>
    /// The row's 1-based line within the range. Sep 0.17 reports <c>LineNumberFrom</c> as 2 for both of the first two
    /// rows when there is no header, but <c>LineNumberToExcl</c> correctly, so the row's last line is used.
    /// </summary>
    private static int LineOf(SepReader.Row row) => row.LineNumberToExcl - 1;

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");

    private static DataFormatException Error(PartitionSource source, int lineInRange, int column, string problem)
    {
        var linesBefore = InputSplitter.CountLinesBefore(source.Path, source.Start);
        return new DataFormatException(source.Path, linesBefore + lineInRange, column, problem);
    }
}
