using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;

namespace ShardML;

/// <summary>
/// What training does with missing values and text columns, and which classes to expect (the command line's
/// <c>--missing</c>, <c>--max-categories</c>, <c>--hash-buckets</c>, <c>--categorical</c>, <c>--classes</c>). Learned
/// from the training data in one distributed pass and kept in the model, so prediction reads new data the same way.
/// </summary>
public sealed record DataPreparation
{
    /// <summary>What a missing value does: an error (the default), its row dropped, or filled with its column's mean, median or most frequent value.</summary>
    public MissingValues Missing { get; init; }

    /// <summary>A text column is one-hot encoded with at most this many of its most frequent values; the others share one feature.</summary>
    public int MaximumCategories { get; init; } = DatasetOptions.DefaultMaximumCategories;

    /// <summary>When above 0, a text column with more than <see cref="MaximumCategories"/> values is hashed into this many buckets instead.</summary>
    public int HashBuckets { get; init; }

    /// <summary>Columns of numbers to encode as categories (a zip code); columns of text are without asking.</summary>
    public IReadOnlyList<string>? Categorical { get; init; }

    /// <summary>A classifier's classes, declared: the label must be one of them, and a numeric label with many values is then accepted as classes.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    internal DatasetOptions ApplyTo(DatasetOptions data) => data with
    {
        Missing = Missing,
        MaximumCategories = MaximumCategories,
        HashBuckets = HashBuckets,
        Categorical = Categorical,
        Classes = Classes,
    };
}
