using MemoryPack;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// What a training dataset asks to learn before it loads: the kind of each feature column and the user's choices.
/// A plan whose schema carries one and no <see cref="FeaturePipeline"/> yet is profiled first (<see cref="DatasetPreparation"/>).
/// </summary>
/// <param name="Missing">What missing values do.</param>
/// <param name="MaximumCategories">The most categories a column is one-hot encoded with; the others share the other slot (or, with <paramref name="HashBuckets"/>, the column is hashed).</param>
/// <param name="HashBuckets">When above 0, a text column with more than <paramref name="MaximumCategories"/> distinct values is hashed into this many buckets.</param>
/// <param name="Kinds">Per feature column, in feature order: a number or text.</param>
[MemoryPackable]
public sealed partial record PreprocessingRequest(MissingValues Missing, int MaximumCategories, int HashBuckets, ColumnKind[] Kinds)
{
    /// <summary>
    /// Distinct values a profile counts exactly per text column: the most frequent categories are chosen from exact
    /// counts, so a column with more than this is refused unless hashed (then more than <see cref="MaximumCategories"/>
    /// is all that needs knowing).
    /// </summary>
    public const int MaximumDistinct = 1 << 16;

    /// <summary>The most distinct values a text column's profile keeps before it counts as overflowing.</summary>
    [MemoryPackIgnore]
    public int DistinctLimit => HashBuckets > 0 ? MaximumCategories : MaximumDistinct;

    /// <summary>True when numeric columns need a <see cref="QuantileSketch"/> (a median or a most frequent number).</summary>
    [MemoryPackIgnore]
    public bool NeedsSketch => Missing is MissingValues.Median or MissingValues.MostFrequent;

    /// <summary>True when missing values are filled from what the profile learns.</summary>
    [MemoryPackIgnore]
    public bool Fills => Missing is MissingValues.Mean or MissingValues.Median or MissingValues.MostFrequent;
}
