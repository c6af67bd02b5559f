using MemoryPack;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data;

/// <summary>
/// What a row of a dataset holds: its features and where its label is. Small and serializable, so it travels
/// with every <see cref="PartitionSource"/> and any node can parse a partition without asking the driver.
/// </summary>
/// <param name="Format">The file format.</param>
/// <param name="FeatureNames">One name per feature, in feature order.</param>
/// <param name="FeatureColumns">CSV, <c>.shard</c>, Parquet: the column index of each feature (Parquet: of its top-level field). LibSVM: empty (index i is feature i-1).</param>
/// <param name="LabelName">The label's name, or null when the rows carry no label.</param>
/// <param name="LabelColumn">CSV, Parquet: the label's column index, or -1 for none. LibSVM: 0 (the first token).</param>
/// <param name="ColumnCount">CSV: the number of columns each row must have. Parquet: the number of top-level fields. LibSVM: 0.</param>
/// <param name="Separator">CSV field separator.</param>
/// <param name="DataStartLine">1-based line number of the first data row (2 for a CSV with a header, 1 without; 1 for Parquet, whose rows are counted).</param>
[MemoryPackable]
public sealed partial record DatasetSchema(
    DataFormat Format,
    string[] FeatureNames,
    int[] FeatureColumns,
    string? LabelName,
    int LabelColumn,
    int ColumnCount,
    char Separator,
    int DataStartLine)
{
    /// <summary>
    /// True when the label is a class name: readers intern it into a per-partition <see cref="LabelVocabulary"/>
    /// and store the local code as the float label (see <see cref="DatasetOptions.CategoricalLabel"/>).
    /// </summary>
    public bool CategoricalLabel { get; init; }

    /// <summary>See <see cref="DatasetOptions.OptionalClasses"/>.</summary>
    public bool OptionalClasses { get; init; }

    /// <summary>
    /// The learned transform from the input columns to the features: when set, <see cref="FeatureColumns"/> are its
    /// input columns (one per <see cref="FeaturePipeline.Columns"/>) and <see cref="FeatureNames"/> the features it makes.
    /// </summary>
    public FeaturePipeline? Pipeline { get; init; }

    /// <summary>
    /// What a training dataset asks to learn (text columns, missing values filled) before it can load; while
    /// <see cref="Pipeline"/> is null, <see cref="FeatureNames"/> are the input columns' names and the dataset can only
    /// be loaded to be profiled (<see cref="DatasetPreparation"/>).
    /// </summary>
    public PreprocessingRequest? Preparation { get; init; }

    /// <summary>Readers build each partition's <see cref="Partition.Profile"/> instead of its rows.</summary>
    public bool Profiling { get; init; }

    /// <summary>What a missing value does while this dataset loads (a model's data may differ from its training: see <see cref="TrainedWith"/>).</summary>
    public MissingValues Missing { get; init; }

    /// <summary>For a model's data, what its training did with missing values, for messages; null in training.</summary>
    public MissingValues? TrainedWith { get; init; }

    /// <summary>Columns copied as text with each row (<see cref="Partition.Kept"/>), by their index in the file; null for none.</summary>
    public int[]? KeepColumns { get; init; }

    /// <summary>The names of <see cref="KeepColumns"/>.</summary>
    public string[]? KeepNames { get; init; }

    /// <summary>The classes a classifier is told to expect (<see cref="DatasetOptions.Classes"/>), or null to discover them.</summary>
    public string[]? Classes { get; init; }

    /// <summary>True when the dataset must be profiled before it loads: it asks for preprocessing not learned yet (and is not the profiling load).</summary>
    [MemoryPackIgnore]
    public bool NeedsPreparation => Preparation is not null && Pipeline is null && !Profiling;

    /// <summary>True when partitions hold CSR rows: LibSVM data, or a wide pipeline (<see cref="FeaturePipeline.IsSparse"/>).</summary>
    [MemoryPackIgnore]
    public bool IsSparse => Format == DataFormat.LibSvm || Pipeline?.IsSparse == true;

    /// <summary>Number of features per row.</summary>
    public int FeatureCount => FeatureNames.Length;

    /// <summary>True when each row carries a label.</summary>
    public bool HasLabel => LabelColumn >= 0;

    /// <summary>Names LibSVM features the way the file numbers them: <c>f1</c> … <c>fd</c>.</summary>
    public static string[] LibSvmFeatureNames(int featureCount)
    {
        var names = new string[featureCount];
        for (var i = 0; i < featureCount; i++)
        {
            names[i] = "f" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return names;
    }
}
