using nietras.SeparatedValues;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// Parses one partition's byte range of a CSV file into a dense matrix with Sep's SIMD tokenizer and fast float
/// parsing. Every value is checked: a missing, non-numeric or non-finite value, or a row with the wrong number of
/// columns, is a <see cref="DataFormatException"/> naming the file, the line and the column.
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
                if (row[schema.LabelColumn].Span.Trim().IsEmpty)
                {
                    throw Error(source, LineOf(row), schema.LabelColumn + 1, $"missing label '{schema.LabelName}'");
                }

                labels.Add(ParseValue(source, row, schema.LabelColumn, schema.LabelName!));
            }

            rows++;
        }

        var matrix = new DenseMatrix(values.ToArray(), rows, features);
        return Partition.FromDense(source, matrix, schema.HasLabel ? labels.ToArray() : null);
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
