using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// Plans a Parquet file or directory: the schema from the footers, the columns chosen as for any format
/// (<see cref="ColumnSelection"/>), and partitions of whole row groups (<see cref="RowGroupSplitter"/>) whose sources
/// name exactly the files and groups they read.
/// </summary>
internal static class ParquetPlanner
{
    public static DatasetPlan Plan(string path, DatasetOptions options, int partitionCount)
    {
        var dataset = ParquetDataset.Open(path);
        var columns = dataset.Columns;
        var (featureColumns, labelColumn) = ColumnSelection.Choose(path, [.. columns.Select(c => c.Name)], options, 0, "schema");
        var (site, group) = FirstRow(dataset);
        if (featureColumns.Select(j => columns[j]).FirstOrDefault(c => c.Kind == ParquetColumnKind.Other) is { } feature)
        {
            throw new DataFormatException(
                site, 1, feature.Index + 1, $"row group {group}: column '{InputExcerpt.Of(feature.Name)}' is a {feature.TypeName}; features are numbers or text (categories): ignore the column or leave it out of the features");
        }

        if (options.Pipeline is { } pipeline)
        {
            // The model's data is read as the model was trained: a number column must still hold numbers.
            for (var c = 0; c < pipeline.Columns.Length; c++)
            {
                if (pipeline.Columns[c].Encoding == ColumnEncoding.Number && columns[featureColumns[c]] is { Kind: ParquetColumnKind.Text } text)
                {
                    throw new DataFormatException(site, 1, text.Index + 1, $"row group {group}: column '{InputExcerpt.Of(text.Name)}' is text, but the model reads it as a number");
                }
            }
        }

        var keep = ColumnSelection.Keep(path, [.. columns.Select(c => c.Name)], options, 0, "schema");
        if (keep?.Select(k => columns[k]).FirstOrDefault(c => c.Kind == ParquetColumnKind.Other) is { } kept)
        {
            throw new DataFormatException(site, 1, kept.Index + 1, $"row group {group}: kept column '{InputExcerpt.Of(kept.Name)}' is a {kept.TypeName}; a kept column is text or a number");
        }

        if (labelColumn >= 0 && columns[labelColumn] is { } label)
        {
            if (label.Kind == ParquetColumnKind.Other)
            {
                throw new DataFormatException(site, 1, label.Index + 1, $"row group {group}: the label '{InputExcerpt.Of(label.Name)}' is a {label.TypeName}; a label is a number or a class name");
            }

            if (label.Kind == ParquetColumnKind.Text && !options.CategoricalLabel)
            {
                throw new DataFormatException(site, 1, label.Index + 1, $"row group {group}: the label '{InputExcerpt.Of(label.Name)}' is text, which names classes; a regression needs a numeric label");
            }
        }

        var groups = dataset.Parts.SelectMany((part, p) => part.GroupRows.Select((rows, g) => (Part: p, Group: g, Rows: rows, Bytes: part.GroupBytes[g]))).ToArray();
        if (groups.Sum(g => g.Rows) == 0)
        {
            throw new DataFormatException(path, 0, 0, "has no data rows");
        }

        var schema = new DatasetSchema(
            DataFormat.Parquet, [.. featureColumns.Select(j => columns[j].Name)], featureColumns, labelColumn >= 0 ? columns[labelColumn].Name : null, labelColumn, columns.Count, ',', 1)
        {
            CategoricalLabel = options.CategoricalLabel && labelColumn >= 0,
            OptionalClasses = options.OptionalClasses,
            KeepColumns = keep,
            KeepNames = keep is null ? null : [.. options.Keep!],
        };
        var kinds = featureColumns.Select(j => columns[j].Kind == ParquetColumnKind.Text ? ColumnKind.Text : ColumnKind.Number).ToArray();
        schema = PreprocessingPlanner.Apply(path, schema, kinds, options);
        var bounds = RowGroupSplitter.Cut([.. groups.Select(g => g.Rows)], partitionCount);
        var length = dataset.Parts.Sum(p => p.Length);
        var ticks = dataset.Parts.Max(p => p.LastWriteUtcTicks);
        var sources = new PartitionSource[bounds.Length - 1];
        for (var i = 0; i < sources.Length; i++)
        {
            var files = groups[bounds[i]..bounds[i + 1]]
                .GroupBy(g => g.Part)
                .Select(byPart =>
                {
                    var part = dataset.Parts[byPart.Key];
                    return new PartitionFile(part.Path, byPart.First().Group, byPart.Last().Group + 1, part.Length, part.LastWriteUtcTicks);
                })
                .ToArray();
            sources[i] = new PartitionSource(path, bounds[i], bounds[i + 1], i, schema, length, ticks) 
            {
                Files = files,
                Bytes = groups[bounds[i]..bounds[i + 1]].Sum(g => g.Bytes),
                EstimatedRows = groups[bounds[i]..bounds[i + 1]].Sum(g => (long)g.Rows), // from the footers: exact
            };
        }

        return new DatasetPlan(schema, sources);
    }

    /// <summary>Whether the label column the options choose holds text (class names), so a conversion keeps it as classes.</summary>
    public static bool LabelIsText(string path, DatasetOptions options)
    {
        var dataset = ParquetDataset.Open(path);
        var (_, label) = ColumnSelection.Choose(path, [.. dataset.Columns.Select(c => c.Name)], options, 0, "schema");
        return label >= 0 && dataset.Columns[label].Kind == ParquetColumnKind.Text;
    }

    /// <summary>The file and row group that hold the dataset's first row: where a column's type is first wrong.</summary>
    private static (string File, int Group) FirstRow(ParquetDataset dataset)
    {
        foreach (var part in dataset.Parts)
        {
            var group = Array.FindIndex(part.GroupRows, rows => rows > 0);
            if (group >= 0)
            {
                return (part.Path, group);
            }
        }

        return (dataset.Parts[0].Path, 0);
    }
}
