using System.Globalization;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data.Shard;

/// <summary>
/// Gives the rows of a <c>.shard</c> partition, already in memory, value by value to an <see cref="IRowSink"/> (a
/// pipeline's encoder, or the profiler that learns one), with its kept columns as text. A <c>.shard</c> file holds
/// numbers only: NaN is a missing value (rows staged from memory may hold one), and a column declared categorical has
/// its number's shortest text as its category. A site is the row in the file.
/// </summary>
internal static class ShardRowReader
{
    /// <param name="source">The partition.</param>
    /// <param name="features">Its rows, all the file's columns.</param>
    /// <param name="d">The file's columns per row.</param>
    /// <param name="labels">Its labels (as stored: numbers, or codes of <paramref name="fileClasses"/>), or null when not read.</param>
    /// <param name="fileClasses">The file's class names, when the converter wrote them.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Partition Read(PartitionSource source, ReadOnlySpan<float> features, int d, float[]? labels, string[]? fileClasses, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var rows = (int)(source.End - source.Start);
        var sink = RowSinks.Create(schema, rows);
        var columns = schema.FeatureColumns;
        var names = schema.Pipeline?.ColumnNames ?? schema.FeatureNames;
        var keep = schema.KeepColumns is { } k && !schema.Profiling ? k : [];
        var kept = keep.Select(_ => new string[rows]).ToArray();
        var readLabels = schema.HasLabel && !schema.Profiling;
        long dropped = 0;
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            if ((r & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = features.Slice(r * d, d);
            if (sink.DropsRows && (HasMissing(row, columns) || (schema.HasLabel && float.IsNaN(labels![r]))))
            {
                dropped++;
                continue;
            }

            if (schema.HasLabel && float.IsNaN(labels![r]))
            {
                throw new DataFormatException(source.Path, source.Start + r + 1, d + 1, $"row {source.Start + r + 1}: missing label (NaN); drop such rows with `Missing` = drop");
            }

            for (var c = 0; c < columns.Length; c++)
            {
                var value = row[columns[c]];
                var problem = float.IsNaN(value) ? sink.Missing(c, "NaN")
                    : !float.IsFinite(value) ? $"column '{InputExcerpt.Of(names[c])}': {value.ToString(CultureInfo.InvariantCulture)} is not allowed; values must be finite"
                    : sink.Kinds[c] == ColumnKind.Text ? sink.Text(c, value.ToString("R", CultureInfo.InvariantCulture))
                    : sink.Number(c, value);
                if (problem is not null)
                {
                    throw new DataFormatException(source.Path, source.Start + r + 1, columns[c] + 1, $"row {source.Start + r + 1}: {problem}");
                }
            }

            for (var j = 0; j < keep.Length; j++)
            {
                kept[j][n] = keep[j] < d ? row[keep[j]].ToString("R", CultureInfo.InvariantCulture) : LabelText(labels![r], fileClasses);
            }

            if (readLabels)
            {
                labels![n] = labels[r];
            }

            sink.EndRow();
            n++;
        }

        var partitionLabels = readLabels ? labels.AsSpan(0, n).ToArray() : null;
        LabelVocabulary? vocabulary = null;
        if (partitionLabels is not null && schema.CategoricalLabel)
        {
            vocabulary = ShardPartitionReader.LocalVocabulary(partitionLabels, fileClasses, source.Path, schema.OptionalClasses);
            partitionLabels = vocabulary is null ? null : partitionLabels; // optional classes past the limit: no labels
        }

        string[][]? keptColumns = keep.Length == 0 ? null : [.. kept.Select(values => values[..n])];
        return RowSinks.Finish(sink, source, partitionLabels, vocabulary, keptColumns, dropped);
    }

    private static bool HasMissing(ReadOnlySpan<float> row, int[] columns)
    {
        foreach (var c in columns)
        {
            if (float.IsNaN(row[c]))
            {
                return true;
            }
        }

        return false;
    }

    private static string LabelText(float label, string[]? classes) =>
        classes is not null && label >= 0 && label < classes.Length && label == (int)label ? classes[(int)label] : label.ToString("R", CultureInfo.InvariantCulture);
}
