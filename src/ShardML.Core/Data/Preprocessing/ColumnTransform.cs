using System.Globalization;
using System.Text.Json.Serialization;
using MemoryPack;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>How one input column becomes features, as learned from the training data.</summary>
/// <remarks>
/// A number is one feature (<c>age</c>); a one-hot column is one feature per category of its sorted vocabulary and a
/// last one for every other value (<c>color=blue</c>, <c>color=red</c>, <c>color=&lt;other&gt;</c>); a hashed column is
/// <see cref="Buckets"/> features (<c>city#0</c> … <c>city#N−1</c>). A value never seen in training goes to the other
/// slot, or its bucket: never an error.
/// </remarks>
[MemoryPackable]
public sealed partial record ColumnTransform
{
    /// <summary>The name of the slot of a one-hot column's other values.</summary>
    public const string OtherName = "<other>";

    /// <summary>The input column's name.</summary>
    public required string Name { get; init; }

    public ColumnEncoding Encoding { get; init; }

    /// <summary>A number column: the value of a missing one (mean, median or most frequent), or null when missing values are not filled.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? Fill { get; init; }

    /// <summary>A one-hot column: its categories, sorted ordinally.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Categories { get; init; }

    /// <summary>A one-hot column whose missing values are filled: the most frequent category; null leaves them all zeros.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FillCategory { get; init; }

    /// <summary>A hashed column: its number of buckets.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Buckets { get; init; }

    /// <summary>How many features the column becomes.</summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public int Width => Encoding switch
    {
        ColumnEncoding.OneHot => (Categories?.Length ?? 0) + 1,
        ColumnEncoding.Hashed => Buckets,
        _ => 1,
    };

    /// <summary>The names of the features the column becomes, in order.</summary>
    public IEnumerable<string> FeatureNames() => Encoding switch
    {
        ColumnEncoding.OneHot => [.. Categories!.Select(c => $"{Name}={c}"), $"{Name}={OtherName}"],
        ColumnEncoding.Hashed => Enumerable.Range(0, Buckets).Select(b => $"{Name}#{b.ToString(CultureInfo.InvariantCulture)}"),
        _ => [Name],
    };

    /// <summary>The first reason this transform cannot encode anything (a hand-edited model file), or null.</summary>
    public string? Problem() => Encoding switch
    {
        _ when string.IsNullOrEmpty(Name) => "a column has no name",
        ColumnEncoding.Number when Fill is { } fill && !float.IsFinite(fill) => $"column '{Name}' fills missing values with {fill}",
        ColumnEncoding.OneHot when Categories is null || Array.Exists(Categories, c => c is null) => $"one-hot column '{Name}' has no categories",
        ColumnEncoding.OneHot when !Categories.SequenceEqual(Categories.Order(StringComparer.Ordinal).Distinct(StringComparer.Ordinal), StringComparer.Ordinal) =>
            $"the categories of column '{Name}' are not sorted and distinct",
        ColumnEncoding.OneHot when FillCategory is { } fill && Array.BinarySearch(Categories, fill, StringComparer.Ordinal) < 0 => $"column '{Name}' fills with '{fill}', which is not one of its categories",
        ColumnEncoding.Hashed when Buckets < 1 => $"hashed column '{Name}' has {Buckets} buckets",
        ColumnEncoding.Number or ColumnEncoding.OneHot or ColumnEncoding.Hashed => null,
        _ => $"column '{Name}' has an unknown encoding",
    };
}
