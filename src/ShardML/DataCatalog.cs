using ShardML.Core.Data;

namespace ShardML;

/// <summary>
/// Where a context's data comes from (<c>ml.Data</c>): files the silos read themselves — CSV, LibSVM, <c>.shard</c> —
/// or rows in memory, written once as a <c>.shard</c> file in the staging directory so that every partition can
/// reload itself after a failure, as a file's can.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The catalog is reached through the context (ml.Data.FromCsv), as ML.NET's is.")]
public sealed class DataCatalog
{
    private readonly Func<string> _staging;

    internal DataCatalog(Func<string> staging)
    {
        _staging = staging;
    }

    /// <summary>A CSV file with a header; <paramref name="label"/> names the label column (default: the last one, or none for K-means).</summary>
    /// <param name="path">The file.</param>
    /// <param name="label">The label column; default the last column (none for K-means).</param>
    /// <param name="separator">The field separator; default a comma (a tab for <c>.tsv</c>).</param>
    /// <param name="hasHeader">False when the first line is data: columns are then named c0, c1, ….</param>
    /// <param name="ignore">Columns never read (an id, a date).</param>
    /// <param name="preparation">What training does with missing values and text columns; default: a missing value is an error, text is one-hot encoded.</param>
    /// <param name="skipLines">Lines before the header (or the data) to pass over: a title, a row count, a licence.</param>
    public DataSource FromCsv(
        string path, string? label = null, char? separator = null, bool hasHeader = true, IReadOnlyList<string>? ignore = null, DataPreparation? preparation = null, int skipLines = 0) =>
        Prepared(new DatasetOptions { Path = Full(path), Format = DataFormat.Csv, Label = label, Separator = separator, HasHeader = hasHeader, Ignore = ignore, SkipLines = skipLines }, preparation);

    /// <summary>A LibSVM (SVMlight) file: a label, then index:value pairs; sparse rows stay sparse.</summary>
    public DataSource FromLibSvm(string path) => new(new DatasetOptions { Path = Full(path), Format = DataFormat.LibSvm });

    /// <summary>A <c>.shard</c> file from <c>shardml convert</c>, which loads at page-cache speed.</summary>
    public DataSource FromShard(string path, string? label = null, DataPreparation? preparation = null) =>
        Prepared(new DatasetOptions { Path = Full(path), Format = DataFormat.Shard, Label = label }, preparation);

    /// <summary>A Parquet file, or a folder of part files (a Spark or Hive output) read as one dataset; partitions are whole row groups.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="label">The label column; default the last column (none for K-means).</param>
    /// <param name="ignore">Columns never read (an id, a date).</param>
    /// <param name="preparation">What training does with missing values (nulls) and text columns.</param>
    public DataSource FromParquet(string path, string? label = null, IReadOnlyList<string>? ignore = null, DataPreparation? preparation = null) =>
        Prepared(new DatasetOptions { Path = Full(path), Format = DataFormat.Parquet, Label = label, Ignore = ignore }, preparation);

    /// <summary>A file in any format ShardML reads, told by its extension (a folder is Parquet).</summary>
    public DataSource FromFile(string path, string? label = null, IReadOnlyList<string>? ignore = null, DataPreparation? preparation = null) =>
        Prepared(new DatasetOptions { Path = Full(path), Label = label, Ignore = ignore }, preparation);

    /// <summary>
    /// Rows in memory with a numeric label per row (a regression target), or none: <paramref name="labels"/> null leaves
    /// the rows unlabelled (K-means). Features are named <paramref name="featureNames"/> or x1 … xd.
    /// </summary>
    public DataSource FromArrays(float[][] rows, float[]? labels = null, string[]? featureNames = null, string label = "label")
    {
        var table = InMemoryTable.FromRows(rows, featureNames);
        if (labels is not null)
        {
            table = table.WithNumericLabel(labels, label);
        }

        return table.Stage(_staging());
    }

    /// <summary>Rows in memory with a class name per row (a classifier's label).</summary>
    public DataSource FromArrays(float[][] rows, string[] classes, string[]? featureNames = null, string label = "label") =>
        InMemoryTable.FromRows(rows, featureNames).WithClassLabel(classes, label).Stage(_staging());

    /// <summary>
    /// Objects in memory, one row each: every public numeric or boolean property is a feature, in declaration order,
    /// except <paramref name="label"/> (a property name), which is the label — numeric for a regression, text, an enum or
    /// a boolean for classes.
    /// </summary>
    public DataSource FromEnumerable<T>(IEnumerable<T> items, string? label = null) =>
        InMemoryTable.FromObjects(items, label).Stage(_staging());

    private static DataSource Prepared(DatasetOptions options, DataPreparation? preparation) => new(preparation?.ApplyTo(options) ?? options);

    private static string Full(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetFullPath(path);
    }
}
