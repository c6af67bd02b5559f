using MemoryPack;

namespace ShardML.Core.Data;

/// <summary>
/// Where a dataset is and how to read it. Validated by <see cref="DatasetPlanner"/> before any work starts, on the
/// node that plans it (a silo, when the client is remote), so it travels as MemoryPack bytes.
/// </summary>
[MemoryPackable]
public sealed partial record DatasetOptions
{
    /// <summary>Path of the CSV or LibSVM file.</summary>
    public required string Path { get; init; }

    /// <summary>The format; null infers it from the extension (<c>.csv</c>; <c>.svm</c>, <c>.libsvm</c>, <c>.svmlight</c>).</summary>
    public DataFormat? Format { get; init; }

    /// <summary>CSV: the label column's name; null means the last column (when <see cref="HasLabel"/>).</summary>
    public string? Label { get; init; }

    /// <summary>
    /// False when every CSV column is a feature (unsupervised training); with <see cref="Features"/>, false means a
    /// label column may be in the file but is not read (prediction).
    /// </summary>
    public bool HasLabel { get; init; } = true;

    /// <summary>
    /// Classification: the label names a class rather than measuring a quantity. Each partition interns its labels
    /// into a <see cref="LabelVocabulary"/> (CSV: the trimmed text, any string; LibSVM: the number, so <c>+1</c>
    /// and <c>1</c> are one class) and stores each row's local code as its float label.
    /// </summary>
    public bool CategoricalLabel { get; init; }

    /// <summary>
    /// With <see cref="CategoricalLabel"/>, labels that only score a model (K-means' ground truth): a partition with
    /// more distinct labels than a <see cref="LabelVocabulary"/> holds is loaded without them instead of refused.
    /// </summary>
    public bool OptionalClasses { get; init; }

    /// <summary>
    /// When set, the features the rows must have, in this order (a trained model's features). A missing or an
    /// unexpected column is an error; the label column is optional.
    /// </summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>LibSVM: the number of features, or 0 to take the largest index found in the data.</summary>
    public int FeatureCount { get; init; }

    /// <summary>CSV field separator.</summary>
    public char Separator { get; init; } = ',';
}
