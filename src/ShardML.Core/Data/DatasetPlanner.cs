using nietras.SeparatedValues;

namespace ShardML.Core.Data;

/// <summary>
/// Turns <see cref="DatasetOptions"/> into a <see cref="DatasetPlan"/>: reads a CSV header (and nothing more) to
/// build the schema, then cuts the rest of the file into byte ranges of whole lines.
/// </summary>
public static class DatasetPlanner
{
    /// <summary>
    /// The most partitions a dataset is cut into: each is a grain with its own state and a task per pass, so far more
    /// than a cluster has cores costs scheduling without gaining parallelism (65,536 is 1,000 per core on a large cluster).
    /// </summary>
    public const int MaximumPartitions = 1 << 16;

    public static DatasetPlan Plan(DatasetOptions options, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitionCount, MaximumPartitions);
        var path = System.IO.Path.GetFullPath(options.Path);
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, 0, 0, Directory.Exists(path) ? "is a directory; give the data file" : "file not found");
        }

        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new DataFormatException(path, 0, 0, "file is empty");
        }

        var format = options.Format ?? InferFormat(path);
        if (format == DataFormat.Shard)
        {
            return Shard.ShardPlanner.Plan(path, options, partitionCount);
        }

        var (schema, dataStart) = format switch
        {
            DataFormat.Csv => CsvSchema(path, options),
            DataFormat.LibSvm => LibSvmSchema(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), format, "unknown format"),
        };

        if (dataStart >= length)
        {
            throw new DataFormatException(path, 0, 0, "file has a header but no data rows");
        }

        schema = schema with { CategoricalLabel = options.CategoricalLabel && schema.HasLabel, OptionalClasses = options.OptionalClasses };
        return new DatasetPlan(schema, InputSplitter.Plan(path, schema, dataStart, partitionCount));
    }

    public static DataFormat InferFormat(string path) =>
        System.IO.Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" => DataFormat.Csv,
            ".SVM" or ".LIBSVM" or ".SVMLIGHT" => DataFormat.LibSvm,
            ".SHARD" => DataFormat.Shard,
            var other => throw new DataFormatException(path, 0, 0, $"cannot tell the format from the extension '{other}'; pass --format csv, libsvm or shard"),
        };

    private static (DatasetSchema Schema, long DataStart) LibSvmSchema(DatasetOptions options)
    {
        if (options.Features is { } features && !features.SequenceEqual(DatasetSchema.LibSvmFeatureNames(features.Count), StringComparer.Ordinal))
        {
            // LibSVM features are numbered, not named: mapping a model's named columns onto them by position would be a guess.
            throw new FeatureMismatchException(
                $"{options.Path}: LibSVM data numbers its features f1, f2, …, but the model was trained on named columns {Quote([.. features])}; give it a CSV file with that header");
        }

        var names = options.Features?.ToArray() ?? DatasetSchema.LibSvmFeatureNames(options.FeatureCount);
        var schema = new DatasetSchema(DataFormat.LibSvm, names, [], "label", 0, 0, ' ', 1);
        return (schema, 0);
    }

    private static (DatasetSchema Schema, long DataStart) CsvSchema(string path, DatasetOptions options)
    {
        var (header, dataStart) = ReadHeader(path, options.Separator);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                throw new DataFormatException(path, 1, i + 1, "empty column name in the header");
            }

            if (!seen.Add(header[i]))
            {
                throw new DataFormatException(path, 1, i + 1, $"column '{header[i]}' appears twice in the header");
            }
        }

        var labelColumn = -1;
        if (options.Features is { } features)
        {
            var labelName = options.Label;
            labelColumn = labelName is null ? -1 : Array.IndexOf(header, labelName);

            var missing = features.Where(f => Array.IndexOf(header, f) < 0).ToArray();
            if (missing.Length > 0)
            {
                throw new FeatureMismatchException($"{path}: the model's features {Quote(missing)} are not in this file's header");
            }

            var extra = header.Where((h, i) => i != labelColumn && !features.Contains(h)).ToArray();
            if (extra.Length > 0)
            {
                throw new FeatureMismatchException($"{path}: columns {Quote(extra)} are not features of the model; the model was trained on {Quote(features)}");
            }

            var columns = features.Select(f => Array.IndexOf(header, f)).ToArray();
            if (!options.HasLabel)
            {
                labelColumn = -1; // the label column may be there; it is not read (prediction does not need it)
            }

            var name = labelColumn >= 0 ? labelName : null;
            return (new DatasetSchema(DataFormat.Csv, [.. features], columns, name, labelColumn, header.Length, options.Separator, 2), dataStart);
        }

        if (options.HasLabel)
        {
            labelColumn = options.Label is null ? header.Length - 1 : Array.IndexOf(header, options.Label);
            if (labelColumn < 0)
            {
                throw new DataFormatException(path, 1, 0, $"label column '{options.Label}' is not in the header; columns are {Quote(header)}");
            }

            if (header.Length < 2)
            {
                throw new DataFormatException(path, 1, 0, "a labelled dataset needs at least one feature column besides the label");
            }
        }

        var featureColumns = Enumerable.Range(0, header.Length).Where(i => i != labelColumn).ToArray();
        var featureNames = featureColumns.Select(i => header[i]).ToArray();
        var label = labelColumn >= 0 ? header[labelColumn] : null;
        return (new DatasetSchema(DataFormat.Csv, featureNames, featureColumns, label, labelColumn, header.Length, options.Separator, 2), dataStart);
    }

    private static (string[] Header, long DataStart) ReadHeader(string path, char separator)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        var dataStart = InputSplitter.NextLineStart(handle, 1, length);
        var headerBytes = new byte[(int)Math.Min(dataStart, 16 << 20)];
        RandomAccess.Read(handle, headerBytes, 0);
        var text = System.Text.Encoding.UTF8.GetString(headerBytes).TrimStart('\uFEFF').TrimEnd('\r', '\n');
        using var reader = Sep.Reader(o => o with { Sep = new Sep(separator), HasHeader = false }).FromText(text);
        if (!reader.MoveNext())
        {
            throw new DataFormatException(path, 1, 0, "missing header row");
        }

        var row = reader.Current;
        var header = new string[row.ColCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = row[i].Span.Trim().ToString();
        }

        return (header, dataStart);
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
