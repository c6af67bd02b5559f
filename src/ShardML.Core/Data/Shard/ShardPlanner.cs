using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data.Shard;

/// <summary>Plans a <c>.shard</c> file: the schema from its metadata, and P row ranges of (nearly) equal size.</summary>
internal static class ShardPlanner
{
    public static DatasetPlan Plan(string path, DatasetOptions options, int partitionCount)
    {
        var file = ShardFile.Open(path);
        var names = file.Metadata.Features;
        var fileLabel = file.Header.HasLabels ? file.Metadata.Label : null;
        var forModel = options.Features is not null && options.FeatureOrigin == FeatureOrigin.Model;
        if (options.HasLabel && !forModel)
        {
            if (fileLabel is null)
            {
                throw new DataFormatException(path, 0, 0, "the partition file holds no label; convert the data with its label column");
            }

            if (options.Label is not null && options.Label != fileLabel)
            {
                throw new DataFormatException(path, 0, 0, $"label column '{InputExcerpt.Of(options.Label)}' is not this file's label; its label is '{InputExcerpt.Of(fileLabel)}'");
            }
        }

        // The label is stored apart from the features, after them: as a last column it is the default label, and
        // without a label asked for it is no column at all (never a feature).
        string[] columns = fileLabel is not null && options.HasLabel ? [.. names, fileLabel] : names;
        // A model's data is labelled by the file's label, if the file has one and it is the model's.
        var wanted = forModel
            ? options with { Label = options.HasLabel && fileLabel is not null && (options.Label is null || options.Label == fileLabel) ? fileLabel : null }
            : options;
        var (featureColumns, labelColumn) = ColumnSelection.Choose(path, columns, wanted, 0, "metadata");
        if (labelColumn >= 0 && labelColumn != names.Length)
        {
            throw new DataFormatException(path, 0, 0, $"label column '{InputExcerpt.Of(columns[labelColumn])}' is a feature of this file; its label is '{InputExcerpt.Of(fileLabel)}'");
        }

        string[] features = [.. featureColumns.Select(c => columns[c])];
        var label = labelColumn >= 0 ? fileLabel : null;
        if (label is not null && file.Metadata.LabelVocabulary is { } classes && !options.CategoricalLabel)
        {
            throw new DataFormatException(
                path, 0, 0, $"the label '{InputExcerpt.Of(label)}' of this file names classes ({string.Join(", ", classes.Take(5).Select(c => $"'{InputExcerpt.Of(c)}'"))}{(classes.Length > 5 ? ", …" : string.Empty)}); a regression needs a numeric label");
        }

        // A kept column may be the label even when the label is not read (prediction): it is after the features.
        string[] keepable = fileLabel is not null ? [.. names, fileLabel] : names;
        var keep = ColumnSelection.Keep(path, keepable, options, 0, "metadata");
        var schema = new DatasetSchema(
            DataFormat.Shard, features, featureColumns, label, label is null ? -1 : names.Length, names.Length + (file.Header.HasLabels ? 1 : 0), ',', 0)
        {
            CategoricalLabel = options.CategoricalLabel && label is not null,
            OptionalClasses = options.OptionalClasses,
            KeepColumns = keep,
            KeepNames = keep is null ? null : [.. options.Keep!],
        };
        schema = PreprocessingPlanner.Apply(path, schema, [.. features.Select(_ => ColumnKind.Number)], options);
        var info = new FileInfo(path);
        var rows = file.Header.Rows;
        var sources = new PartitionSource[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            var (start, end) = (rows * i / partitionCount, rows * (i + 1) / partitionCount);
            sources[i] = new PartitionSource(info.FullName, start, end, i, schema, info.Length, info.LastWriteTimeUtc.Ticks) { Bytes = (end - start) * RowBytes(file), EstimatedRows = end - start };
        }

        return new DatasetPlan(schema, sources);
    }

    /// <summary>What a row takes in the file: its features and its label.</summary>
    public static long RowBytes(ShardFile file) => ((long)file.Header.Columns + (file.Header.HasLabels ? 1 : 0)) * sizeof(float);
}
