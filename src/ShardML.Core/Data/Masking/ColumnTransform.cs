using System.Globalization;
using MemoryPack;

namespace ShardML.Core.Data.Masking;

/// <summary>One column's transform: <see cref="Step"/> for rounding, <see cref="Edges"/> (ascending) for buckets, <see cref="Scale"/> for noise.</summary>
[MemoryPackable]
public sealed partial record ColumnTransform(string Column, ColumnTransformKind Kind, double Step = 0, double[]? Edges = null, double Scale = 0)
{
    /// <summary>The transform in words, for the manifest: what a reader of the copy should know about the column.</summary>
    [MemoryPackIgnore]
    public string Description => Kind switch
    {
        ColumnTransformKind.Hash => "keyed pseudonym (HMAC-SHA256, 128 bits, hex)",
        ColumnTransformKind.Drop => "dropped",
        ColumnTransformKind.Round => string.Create(CultureInfo.InvariantCulture, $"rounded to a multiple of {Step:R}"),
        ColumnTransformKind.Bucket => $"bucketed at {string.Join(", ", Edges!.Select(e => e.ToString("R", CultureInfo.InvariantCulture)))}",
        _ => string.Create(CultureInfo.InvariantCulture, $"Laplace noise of scale {Scale:R} added"),
    };

    /// <summary>The first problem with this transform, or null.</summary>
    public string? Validate() => Kind switch
    {
        ColumnTransformKind.Round when !(Step > 0 && double.IsFinite(Step)) => $"column '{Column}': a rounding step must be a positive number",
        ColumnTransformKind.Bucket when Edges is not { Length: > 0 } || Edges.Any(e => !double.IsFinite(e)) || Edges.Zip(Edges.Skip(1)).Any(p => p.First >= p.Second) =>
            $"column '{Column}': bucket edges must be finite numbers in ascending order",
        ColumnTransformKind.Noise when !(Scale > 0 && double.IsFinite(Scale)) => $"column '{Column}': a noise scale must be a positive number",
        _ => null,
    };
}
