using MemoryPack;

namespace ShardML.Core.Data.Masking;

/// <summary>
/// What a masked copy of a CSV dataset is: the input and its dialect, the output directory and format, the key file of
/// the keyed transforms, and each column's transform (a column without one is copied as it is).
/// </summary>
[MemoryPackable]
public sealed partial record MaskOptions
{
    /// <summary>The CSV file to copy.</summary>
    public required string Path { get; init; }

    /// <summary>The directory the parts and the manifest are written to; it must not exist yet, or be empty.</summary>
    public required string OutputDirectory { get; init; }

    public MaskOutputFormat OutputFormat { get; init; } = MaskOutputFormat.Csv;

    /// <summary>The CSV field separator; null: tab for .tsv, else comma.</summary>
    public char? Separator { get; init; }

    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// The key of <see cref="ColumnTransformKind.Hash"/> and <see cref="ColumnTransformKind.Noise"/>: a file of at least
    /// 16 random bytes (<c>head -c 32 /dev/urandom</c>), read where the parts are written and never copied anywhere.
    /// </summary>
    public string? KeyPath { get; init; }

    public IReadOnlyList<ColumnTransform> Transforms { get; init; } = [];

    /// <summary>The dataset options the input is planned with: every column read, none a label.</summary>
    public DatasetOptions PlanOptions => new() { Path = Path, Format = DataFormat.Csv, Separator = Separator, HasHeader = HasHeader, HasLabel = false };

    /// <summary>The first problem with these options for a file whose columns are <paramref name="columns"/>, or null.</summary>
    public string? Validate(IReadOnlyList<string> columns)
    {
        foreach (var t in Transforms)
        {
            if (!columns.Contains(t.Column, StringComparer.Ordinal))
            {
                return $"column '{t.Column}' to mask is not in the file, whose columns are {string.Join(", ", columns)}";
            }

            if (t.Validate() is { } problem)
            {
                return problem;
            }
        }

        if (Transforms.GroupBy(t => t.Column, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"column '{twice.Key}' has two transforms; give it one";
        }

        if (Transforms.Count(t => t.Kind == ColumnTransformKind.Drop) == columns.Count)
        {
            return "every column is dropped: the copy would be empty";
        }

        return KeyPath is null && Transforms.Any(t => t.Kind is ColumnTransformKind.Hash or ColumnTransformKind.Noise)
            ? "hashing and noise are keyed: give a key file (`KeyPath`) of at least 16 random bytes"
            : null;
    }
}
