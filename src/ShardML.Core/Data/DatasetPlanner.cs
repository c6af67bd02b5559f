namespace ShardML.Core.Data;

/// <summary>
/// Turns <see cref="DatasetOptions"/> into a <see cref="DatasetPlan"/>: reads what names the columns (a CSV header, a
/// Parquet footer, a <c>.shard</c> file's metadata) and nothing more, chooses the columns, then cuts the data into
/// partitions: byte ranges of whole lines for text, row ranges for <c>.shard</c>, whole row groups for Parquet.
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
        var isDirectory = Directory.Exists(path);
        if (!isDirectory && !File.Exists(path))
        {
            throw new DataFormatException(path, 0, 0, "file not found");
        }

        var format = FormatOf(options);
        CheckApplies(options, format);
        if (isDirectory && format != DataFormat.Parquet)
        {
            throw new DataFormatException(path, 0, 0, "is a directory; give the data file (a directory is read as Parquet part files)");
        }

        var compression = isDirectory ? InputCompression.None : TextInput.Detect(path);
        if (compression != InputCompression.None && format is DataFormat.Shard or DataFormat.Parquet)
        {
            // Both are read by position (Parquet compresses within its pages already): a compressed stream cannot be.
            throw new DataFormatException(path, 0, 0, $"is gzip-compressed; {format} data is read by position, so decompress it first (gunzip)");
        }

        if (format == DataFormat.Parquet)
        {
            return ParquetFiles.ParquetPlanner.Plan(path, options, partitionCount);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new DataFormatException(path, 0, 0, "file is empty");
        }

        if (format == DataFormat.Shard)
        {
            return Shard.ShardPlanner.Plan(path, options, partitionCount);
        }

        var (schema, dataStart) = format switch
        {
            DataFormat.Csv => Readers.CsvPlanner.Plan(path, options, compression),
            DataFormat.LibSvm => LibSvmSchema(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), format, "unknown format"),
        };

        schema = schema with { CategoricalLabel = options.CategoricalLabel && schema.HasLabel, OptionalClasses = options.OptionalClasses };
        var sources = InputSplitter.Plan(path, schema, dataStart, partitionCount, compression);
        return new DatasetPlan(schema, WithEstimates(sources, TextDensity.Sample(path, compression, dataStart), format));
    }

    /// <summary>
    /// Each text partition's expected rows (and LibSVM pairs), for memory admission: a compressed file's counted
    /// newlines, else its byte range over the sample's mean line (<see cref="TextDensity"/>).
    /// </summary>
    private static PartitionSource[] WithEstimates(IReadOnlyList<PartitionSource> sources, TextDensity density, DataFormat format)
    {
        var estimated = new PartitionSource[sources.Count];
        for (var i = 0; i < estimated.Length; i++)
        {
            var source = sources[i];
            var rows = source.Newlines is { } newlines ? newlines + (source.Length > 0 ? 1 : 0) : density.Rows(source.Length);
            estimated[i] = source with { EstimatedRows = rows, EstimatedValues = format == DataFormat.LibSvm ? density.Pairs(rows) : null };
        }

        return estimated;
    }

    /// <summary>The format the options name, or the one their path implies.</summary>
    public static DataFormat FormatOf(DatasetOptions options) => options.Format ?? InferFormat(System.IO.Path.GetFullPath(options.Path));

    /// <summary>
    /// The format a path implies: its extension's (<c>.csv.gz</c> is CSV: the extension before <c>.gz</c>), and Parquet
    /// for a directory (of part files).
    /// </summary>
    public static DataFormat InferFormat(string path) => Directory.Exists(path) ? DataFormat.Parquet :
        System.IO.Path.GetExtension(TextInput.FormatName(path)).ToUpperInvariant() switch
        {
            ".CSV" or ".TSV" => DataFormat.Csv,
            ".SVM" or ".LIBSVM" or ".SVMLIGHT" => DataFormat.LibSvm,
            ".SHARD" => DataFormat.Shard,
            ".PARQUET" => DataFormat.Parquet,
            var other => throw new DataFormatException(path, 0, 0, $"cannot tell the format from the extension '{InputExcerpt.Of(other)}'; name it (`Format`): csv, libsvm, shard or parquet"),
        };

    /// <summary>Refuses options that mean nothing for the format, rather than ignoring what the user asked for.</summary>
    private static void CheckApplies(DatasetOptions options, DataFormat format)
    {
        if (!Enum.IsDefined(options.Missing))
        {
            throw new ArgumentException($"`Missing` is {options.Missing}, not a policy: error, drop, mean, median or most-frequent", nameof(options));
        }

        if (options.MaximumCategories is < 1 or > Preprocessing.PreprocessingRequest.MaximumDistinct)
        {
            throw new ArgumentException($"`MaximumCategories` must be between 1 and {Preprocessing.PreprocessingRequest.MaximumDistinct:N0}", nameof(options));
        }

        if (options.HashBuckets is < 0 or > DatasetOptions.MaximumHashBuckets)
        {
            throw new ArgumentException($"`HashBuckets` must be between 1 and {DatasetOptions.MaximumHashBuckets:N0} (0 hashes nothing)", nameof(options));
        }

        if (format == DataFormat.LibSvm && (options.Missing != Preprocessing.MissingValues.Error || options.Categorical is { Count: > 0 } || options.HashBuckets > 0 || options.Keep is { Count: > 0 }))
        {
            // LibSVM rows are sparse numbers: an absent index is a zero, never a missing value or a category.
            throw new ArgumentException("missing values, categories and kept columns (`Missing`, `Categorical`, `HashBuckets`, `Keep`) apply to CSV, Parquet and .shard data; LibSVM features are numbered numbers", nameof(options));
        }

        if (options.SkipLines < 0)
        {
            throw new ArgumentException("`SkipLines` cannot be negative", nameof(options));
        }

        if (format != DataFormat.Csv && options.SkipLines > 0)
        {
            throw new ArgumentException($"skipping lines (`SkipLines`) applies to CSV only; {format} data has no lines before its rows", nameof(options));
        }

        if (format != DataFormat.Csv && (options.Separator is not null || !options.HasHeader))
        {
            throw new ArgumentException(
                $"{(options.Separator is not null ? "a separator (`Separator`)" : "a file without a header (`HasHeader`)")} applies to CSV only; {format} data names its columns itself", nameof(options));
        }

        if (format == DataFormat.LibSvm && (options.Ignore is { Count: > 0 } || (options.Features is not null && options.FeatureOrigin == FeatureOrigin.Choice)))
        {
            // LibSVM rows are sparse and numbered; dropping or reordering indices would renumber the model's features.
            throw new ArgumentException("choosing or ignoring columns (`Features`, `Ignore`) applies to CSV, Parquet and .shard data; LibSVM features are numbered, not named", nameof(options));
        }
    }

    private static (DatasetSchema Schema, long DataStart) LibSvmSchema(DatasetOptions options)
    {
        if (options.Features is { } features && !features.SequenceEqual(DatasetSchema.LibSvmFeatureNames(features.Count), StringComparer.Ordinal))
        {
            // LibSVM features are numbered, not named: mapping a model's named columns onto them by position would be a guess.
            throw new FeatureMismatchException(
                $"{options.Path}: LibSVM data numbers its features f1, f2, …, but the model was trained on named columns {ColumnSelection.Quote(features)}; give it a CSV file with that header");
        }

        var names = options.Features?.ToArray() ?? DatasetSchema.LibSvmFeatureNames(options.FeatureCount);
        var schema = new DatasetSchema(DataFormat.LibSvm, names, [], "label", 0, 0, ' ', 1);
        return (schema, 0);
    }
}
