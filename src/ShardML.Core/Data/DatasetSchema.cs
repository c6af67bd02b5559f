using MemoryPack;

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
