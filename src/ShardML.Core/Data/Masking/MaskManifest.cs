using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShardML.Core.Data.Masking;

/// <summary>
/// What a masked copy holds, written beside its parts as <c>manifest.json</c>: the source, the format, the parts in
/// order with their rows and bytes, each column's transform, and the key's id (never the key).
/// </summary>
public sealed record MaskManifest(
    string Format,
    string Source,
    string[] Columns,
    IReadOnlyDictionary<string, string> Transforms,
    string? KeyId,
    IReadOnlyList<MaskedPart> Parts,
    DateTime CreatedUtc)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonIgnore]
    public long Rows => Parts.Sum(p => p.Rows);

    /// <summary>The manifest of <paramref name="parts"/> of a copy made with <paramref name="options"/> from a file of <paramref name="columns"/>.</summary>
    public static MaskManifest Of(MaskOptions options, IReadOnlyList<string> columns, string? keyId, IEnumerable<MaskedPart> parts) => new(
        options.OutputFormat == MaskOutputFormat.Parquet ? "parquet" : "csv",
        options.Path,
        [.. columns.Where(c => !options.Transforms.Any(t => t.Column == c && t.Kind == ColumnTransformKind.Drop))],
        options.Transforms.ToDictionary(t => t.Column, t => t.Description, StringComparer.Ordinal),
        keyId,
        [.. parts.OrderBy(p => p.Partition)],
        DateTime.UtcNow);

    public void Write(string directory) =>
        File.WriteAllText(System.IO.Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    public static MaskManifest Read(string directory) => Parse(File.ReadAllText(System.IO.Path.Combine(directory, FileName)));

    /// <summary>A manifest from its JSON, as <see cref="Write"/> wrote it.</summary>
    public static MaskManifest Parse(string json) => JsonSerializer.Deserialize<MaskManifest>(json, Json) ?? throw new InvalidDataException("an empty manifest");
}
