using nietras.SeparatedValues;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// Reads a small matrix from a CSV whose header names the columns, e.g. K-means starting centers. Columns are
/// matched to <c>featureNames</c> by name; a missing column or a bad value is an error with file, line and column.
/// </summary>
public static class MatrixCsvReader
{
    public static float[][] Read(string path, IReadOnlyList<string> featureNames)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, 0, 0, "file not found");
        }

        using var reader = Sep.Reader(o => o with { CultureInfo = System.Globalization.CultureInfo.InvariantCulture }).FromFile(path);
        if (reader.IsEmpty)
        {
            throw new DataFormatException(path, 0, 0, "file is empty");
        }

        var columns = new int[featureNames.Count];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = reader.Header.TryIndexOf(featureNames[j], out var index)
                ? index
                : throw new DataFormatException(path, 1, 0, $"column '{InputExcerpt.Of(featureNames[j])}' is missing; the header must name the features {InputExcerpt.Names(featureNames)}");
        }

        var rows = new List<float[]>();
        foreach (var row in reader)
        {
            var values = new float[columns.Length];
            for (var j = 0; j < columns.Length; j++)
            {
                if (!row[columns[j]].TryParse(out float value) || !float.IsFinite(value))
                {
                    throw new DataFormatException(path, row.LineNumberToExcl - 1, columns[j] + 1, $"column '{InputExcerpt.Of(featureNames[j])}': '{InputExcerpt.Of(row[columns[j]].Span)}' is not a finite number");
                }

                values[j] = value;
            }

            rows.Add(values);
        }

        return rows.Count > 0 ? [.. rows] : throw new DataFormatException(path, 0, 0, "no rows below the header");
    }
}
