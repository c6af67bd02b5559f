namespace ShardML.Core.Data.Shard;

/// <summary>Plans a <c>.shard</c> file: the schema from its metadata, and P row ranges of (nearly) equal size.</summary>
internal static class ShardPlanner
{
    public static DatasetPlan Plan(string path, DatasetOptions options, int partitionCount)
    {
        var file = ShardFile.Open(path);
        var names = file.Metadata.Features;
        var fileLabel = file.Header.HasLabels ? file.Metadata.Label : null;
        int[] columns;
        string[] features;
        string? label;
        if (options.Features is { } wanted)
        {
            var missing = wanted.Where(f => Array.IndexOf(names, f) < 0).ToArray();
            if (missing.Length > 0)
            {
                throw new FeatureMismatchException($"{path}: the model's features {Quote(missing)} are not in this file");
            }

            var extra = names.Where(n => !wanted.Contains(n)).ToArray();
            if (extra.Length > 0)
            {
                throw new FeatureMismatchException($"{path}: columns {Quote(extra)} are not features of the model; the model was trained on {Quote(wanted)}");
            }

            columns = [.. wanted.Select(f => Array.IndexOf(names, f))];
            features = [.. wanted];
            label = options.HasLabel && fileLabel is not null && (options.Label is null || options.Label == fileLabel) ? fileLabel : null;
        }
        else
        {
            columns = [.. Enumerable.Range(0, names.Length)];
            features = names;
            label = null;
            if (options.HasLabel)
            {
                if (fileLabel is null)
                {
                    throw new DataFormatException(path, 0, 0, "the partition file holds no label; convert the data with its label column");
                }

                if (options.Label is not null && options.Label != fileLabel)
                {
                    throw new DataFormatException(path, 0, 0, $"label column '{options.Label}' is not in this file; its label is '{fileLabel}'");
                }

                label = fileLabel;
            }
        }

        if (label is not null && file.Metadata.LabelVocabulary is { } classes && !options.CategoricalLabel)
        {
            throw new DataFormatException(
                path, 0, 0, $"the label '{label}' of this file names classes ({string.Join(", ", classes.Take(5).Select(c => $"'{c}'"))}{(classes.Length > 5 ? ", …" : string.Empty)}); a regression needs a numeric label");
        }

        var schema = new DatasetSchema(
            DataFormat.Shard, features, columns, label, label is null ? -1 : names.Length, names.Length + (file.Header.HasLabels ? 1 : 0), ',', 0)
        {
            CategoricalLabel = options.CategoricalLabel && label is not null,
            OptionalClasses = options.OptionalClasses,
        };
        var info = new FileInfo(path);
        var rows = file.Header.Rows;
        var sources = new PartitionSource[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            sources[i] = new PartitionSource(info.FullName, rows * i / partitionCount, rows * (i + 1) / partitionCount, i, schema, info.Length, info.LastWriteTimeUtc.Ticks);
        }

        return new DatasetPlan(schema, sources);
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
