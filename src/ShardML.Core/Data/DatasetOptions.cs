using MemoryPack;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data;

/// <summary>
/// Where a dataset is and how to read it. Validated by <see cref="DatasetPlanner"/> before any work starts, on the
/// node that plans it (a silo, when the client is remote), so it travels as MemoryPack bytes.
/// </summary>
[MemoryPackable]
public sealed partial record DatasetOptions
{
    /// <summary>
    /// Path of the CSV, LibSVM, <c>.shard</c> or Parquet file, or of a directory of Parquet part files. A CSV or LibSVM
    /// file may be gzip-compressed (told by its first bytes; <c>data.csv.gz</c> is CSV): it gives the plain file's rows.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>
    /// The format; null infers it from the extension (<c>.csv</c>, <c>.tsv</c>; <c>.svm</c>, <c>.libsvm</c>,
    /// <c>.svmlight</c>; <c>.shard</c>; <c>.parquet</c>; for a compressed file, the one before <c>.gz</c>), and a
    /// directory is Parquet.
    /// </summary>
    public DataFormat? Format { get; init; }

    /// <summary>The label column's name; null means the last column that is not ignored (when <see cref="HasLabel"/>).</summary>
    public string? Label { get; init; }

    /// <summary>
    /// False when every column is a feature (unsupervised training); with <see cref="Features"/>, false means a
    /// label column may be in the file but is not read (prediction).
    /// </summary>
    public bool HasLabel { get; init; } = true;

    /// <summary>
    /// Classification: the label names a class rather than measuring a quantity. Each partition interns its labels
    /// into a <see cref="LabelVocabulary"/> (CSV: the trimmed text, any string; LibSVM: the number, so <c>+1</c>
    /// and <c>1</c> are one class; Parquet: a text column's value, or a numeric column's number) and stores each row's
    /// local code as its float label.
    /// </summary>
    public bool CategoricalLabel { get; init; }

    /// <summary>
    /// With <see cref="CategoricalLabel"/>, labels that only score a model (K-means' ground truth): a partition with
    /// more distinct labels than a <see cref="LabelVocabulary"/> holds is loaded without them instead of refused.
    /// </summary>
    public bool OptionalClasses { get; init; }

    /// <summary>
    /// When set, the features to read, in this order; the file's other columns, but the label, are not read. What a
    /// name missing from the file means depends on <see cref="FeatureOrigin"/>.
    /// </summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Whose list <see cref="Features"/> is: a trained model's (the default) or a choice of columns.</summary>
    public FeatureOrigin FeatureOrigin { get; init; } = FeatureOrigin.Model;

    /// <summary>Columns that are not read at all (an id, a date); each must be in the file, and none may be the label or a feature.</summary>
    public IReadOnlyList<string>? Ignore { get; init; }

    /// <summary>LibSVM: the number of features, or 0 to take the largest index found in the data.</summary>
    public int FeatureCount { get; init; }

    /// <summary>CSV: the field separator; null means a tab for a <c>.tsv</c> file and a comma otherwise.</summary>
    public char? Separator { get; init; }

    /// <summary>
    /// CSV: the first line names the columns. Without a header the columns are named by position, <c>c0</c>,
    /// <c>c1</c>, …, and every line is a row.
    /// </summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The default of <see cref="MaximumCategories"/>.</summary>
    public const int DefaultMaximumCategories = 1000;

    /// <summary>The most buckets <see cref="HashBuckets"/> may ask for: 2²⁰ features per hashed column.</summary>
    public const int MaximumHashBuckets = 1 << 20;

    /// <summary>
    /// What a missing value does: an error (the default), its row dropped, or filled with its column's mean, median or
    /// most frequent value, learned from the training data and kept in the model.
    /// </summary>
    public MissingValues Missing { get; init; }

    /// <summary>
    /// A text column is one-hot encoded with at most this many categories, its most frequent ones; every other value
    /// shares one more feature, <c>column=&lt;other&gt;</c> (1 to 65,536).
    /// </summary>
    public int MaximumCategories { get; init; } = DefaultMaximumCategories;

    /// <summary>When above 0, a text column with more than <see cref="MaximumCategories"/> distinct values is hashed into this many buckets instead.</summary>
    public int HashBuckets { get; init; }

    /// <summary>Feature columns to read as categories even though they hold numbers (a zip code, a product code).</summary>
    public IReadOnlyList<string>? Categorical { get; init; }

    /// <summary>A classifier's classes, declared: the label must be one of them, and a numeric label with many values is then accepted as classes.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Columns copied as text with each row (an id, to join predictions back); they need not be features.</summary>
    public IReadOnlyList<string>? Keep { get; init; }

    /// <summary>A trained model's preprocessing: the data is read through it, as training read it (set by the model, never learned again).</summary>
    public FeaturePipeline? Pipeline { get; init; }

    /// <summary>
    /// CSV: lines before the header (or before the data, without one) that are neither: a title, a count, a licence
    /// (pandas' <c>skiprows</c>). Errors still name a line by its number in the file.
    /// </summary>
    public int SkipLines { get; init; }
}
