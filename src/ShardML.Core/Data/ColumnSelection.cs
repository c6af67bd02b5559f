namespace ShardML.Core.Data;

/// <summary>
/// Chooses the feature and label columns of a file whose columns have names (a CSV header or its position names, a
/// Parquet schema, a <c>.shard</c> file's metadata) from <see cref="DatasetOptions"/>, the same way for every format:
/// <list type="bullet">
/// <item><see cref="DatasetOptions.Ignore"/>d columns are never read; each must exist.</item>
/// <item>With <see cref="DatasetOptions.Features"/> the features are those columns in that order and every other column
/// is left unread (a model's data may carry an id); without, every column but the label and the ignored ones, in the
/// file's order.</item>
/// <item>The label is <see cref="DatasetOptions.Label"/>, else the last column that is not ignored. A model's label
/// may be absent (prediction needs none).</item>
/// </list>
/// A column that is not there is an error naming it and listing the file's columns.
/// </summary>
internal static class ColumnSelection
{
    /// <param name="path">The file, for errors.</param>
    /// <param name="columns">The file's column names, in order, distinct.</param>
    /// <param name="options">What to choose.</param>
    /// <param name="line">The line errors point at (the header's, or 0 when the names are not on a line).</param>
    /// <param name="where">Where the names are, for errors: "header", "schema", "metadata".</param>
    /// <returns>The feature columns in feature order, and the label column or -1.</returns>
    public static (int[] Features, int Label) Choose(string path, IReadOnlyList<string> columns, DatasetOptions options, long line, string where)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            index[columns[i]] = i;
        }

        var ignored = new HashSet<int>();
        foreach (var name in options.Ignore ?? [])
        {
            ignored.Add(index.TryGetValue(name, out var i)
                ? i
                : throw new DataFormatException(path, line, 0, $"ignored column '{InputExcerpt.Of(name)}' is not in the {where}; columns are {Quote(columns)}"));
        }

        var fromModel = options.FeatureOrigin == FeatureOrigin.Model;
        int[] features;
        if (options.Features is { } wanted)
        {
            if (wanted.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new DataFormatException(path, line, 0, $"feature '{InputExcerpt.Of(twice.Key)}' is named twice");
            }

            var missing = wanted.Where(f => !index.ContainsKey(f)).ToArray();
            if (missing.Length > 0)
            {
                throw fromModel
                    ? new FeatureMismatchException($"{path}: the model's features {Quote(missing)} are not in this file's {where}; its columns are {Quote(columns)}")
                    : new DataFormatException(path, line, 0, $"{(missing.Length == 1 ? "feature" : "features")} {Quote(missing)} {(missing.Length == 1 ? "is" : "are")} not in the {where}; columns are {Quote(columns)}");
            }

            features = [.. wanted.Select(f => index[f])];
            if (features.FirstOrDefault(ignored.Contains, -1) is var both and >= 0)
            {
                throw new DataFormatException(path, line, both + 1, $"column '{InputExcerpt.Of(columns[both])}' is both a feature and ignored");
            }
        }
        else
        {
            features = [];
        }

        var label = -1;
        if (options.HasLabel && options.Label is { } named)
        {
            // A model's label may be missing: prediction does not read it, and evaluation says so when it needs it.
            label = index.TryGetValue(named, out var i) ? i
                : fromModel && options.Features is not null ? -1
                : throw new DataFormatException(path, line, 0, $"label column '{InputExcerpt.Of(named)}' is not in the {where}; columns are {Quote(columns)}");
        }
        else if (options.HasLabel && !(fromModel && options.Features is not null))
        {
            label = Enumerable.Range(0, columns.Count).LastOrDefault(i => !ignored.Contains(i), -1);
            if (label < 0)
            {
                throw new DataFormatException(path, line, 0, "every column is ignored");
            }

            if (features.Contains(label))
            {
                throw new DataFormatException(path, line, label + 1, $"the label is by default the last column, '{InputExcerpt.Of(columns[label])}', which is a chosen feature; name the label column");
            }
        }

        if (label >= 0 && ignored.Contains(label))
        {
            throw new DataFormatException(path, line, label + 1, $"the label '{InputExcerpt.Of(columns[label])}' is ignored");
        }

        if (label >= 0 && features.Contains(label))
        {
            throw new DataFormatException(path, line, label + 1, $"column '{InputExcerpt.Of(columns[label])}' is both the label and a feature");
        }

        if (options.Features is null)
        {
            features = [.. Enumerable.Range(0, columns.Count).Where(i => i != label && !ignored.Contains(i))];
        }

        if (features.Length == 0)
        {
            throw new DataFormatException(path, line, 0, label >= 0
                ? "a labelled dataset needs at least one feature column besides the label"
                : "no feature columns are left");
        }

        return (features, label);
    }

    /// <summary>
    /// The columns <see cref="DatasetOptions.Keep"/> names, by index, or null when none: each must be in the file; it may
    /// also be a feature, the label, or ignored (then it is read as text only, not as a feature).
    /// </summary>
    public static int[]? Keep(string path, IReadOnlyList<string> columns, DatasetOptions options, long line, string where)
    {
        if (options.Keep is not { Count: > 0 } keep)
        {
            return null;
        }

        var result = new int[keep.Count];
        for (var k = 0; k < keep.Count; k++)
        {
            var name = keep[k];
            result[k] = IndexOf(columns, name) is var i and >= 0
                ? i
                : throw new DataFormatException(path, line, 0, $"kept column '{InputExcerpt.Of(name)}' is not in the {where}; columns are {Quote(columns)}");
        }

        return result;
    }

    public static string Quote(IEnumerable<string> names) => InputExcerpt.Names(names);

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
