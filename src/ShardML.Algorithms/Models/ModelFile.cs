using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ShardML.Algorithms.Models;

/// <summary>
/// Reads and writes models as JSON with a format name and version, so a file from a newer or an unrelated tool is
/// refused clearly, in one line that never echoes the file's content. The concrete model types and their names come
/// from <see cref="AlgorithmCatalog"/>. Files of version 1 are read and migrated (<see cref="ModelFileMigration"/>).
/// A file is written in the oldest version that holds it (<see cref="VersionOf"/>): version 3 adds the preprocessing a
/// model reads its data through, so a model of numbers alone stays readable by builds that read version 2, and one
/// of categories is refused by them rather than read without its encoding; version 4 adds multinomial (softmax) linear
/// classifiers, which an older build would read as one-vs-rest and give other probabilities, so it refuses them. Writes go to a temporary file renamed
/// into place: a crash never leaves half a model.
/// <para>
/// Versions: a member that a reader may skip without losing anything — a derived one, such as a linear model's
/// <c>namedWeights</c>, which repeats its weights by feature name — keeps the version, so older builds still read the
/// file; a change a reader must understand (a member renamed, reshaped or newly required) bumps
/// <see cref="CurrentVersion"/> with a migration of the older versions (<see cref="ModelFileMigration"/>).
/// </para>
/// </summary>
public static class ModelFile
{
    public const string FormatName = "shardml-model";

    public const int CurrentVersion = 4;

    /// <summary>Larger files are refused before they are read: a model of 10⁶ features and 100 classes is ~2 GB of text.</summary>
    public const long MaximumBytes = 2L << 30;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DeclareModelKinds } },
    };

    public static string ToJson(TrainedModel model) =>
        JsonSerializer.Serialize(new Envelope(FormatName, VersionOf(model), model), Options);

    /// <summary>The version a model's file is written in: 4 for a multinomial classifier, 3 when it has preprocessing, else 2.</summary>
    public static int VersionOf(TrainedModel model) =>
        model is LinearModels.LinearClassifierModel { Multinomial: true } ? 4 : model.Preprocessing is null ? 2 : 3;

    public static TrainedModel FromJson(string json, string path = "model")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw NotAModel(path, $"not valid JSON at line {e.LineNumber + 1}");
        }

        return FromNode(root, path);
    }

    public static async Task SaveAsync(TrainedModel model, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A file is an artifact to diff, hash and cache: nothing in it may depend on how long training took.
        try
        {
            await File.WriteAllTextAsync(temporary, ToJson(model with { Summary = model.Summary with { Seconds = null } }), cancellationToken);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary); // no half-written leftovers beside the target
            throw;
        }
    }

    /// <summary>
    /// Reads a model file. What is not a model — a CSV, a binary file, a file too large to be one — is recognized from
    /// its size and first bytes and refused in one line, without reading it whole.
    /// </summary>
    public static async Task<TrainedModel> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a directory, not a model file" : $"{path}: model file not found", path);
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (stream.Length > MaximumBytes)
        {
            throw NotAModel(path, $"{stream.Length:N0} bytes is more than a model file holds");
        }

        if (await FirstSignificantByteAsync(stream, cancellationToken) != '{')
        {
            throw NotAModel(path, "it does not start with a JSON object");
        }

        stream.Position = 0;
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            // The JSON reader checks a string's bytes only when the string is read, deep inside deserialization.
            throw NotAModel(path, "it is not UTF-8 text");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw NotAModel(path, $"not valid JSON at line {e.LineNumber + 1}");
        }

        return FromNode(root, path);
    }

    private static TrainedModel FromNode(JsonNode? root, string path)
    {
        if (root is not JsonObject envelope || envelope["format"] is not JsonValue format || format.GetValueKind() != JsonValueKind.String || format.GetValue<string>() != FormatName)
        {
            throw NotAModel(path, $"no \"format\": \"{FormatName}\"");
        }

        var version = envelope["version"] is JsonValue v && v.TryGetValue<int>(out var number) ? number : -1;
        if (version is < 1 || version > CurrentVersion)
        {
            throw new InvalidDataException($"{path}: model format version {(version < 0 ? "missing" : version)} is not supported; this build reads versions 1 to {CurrentVersion}");
        }

        if (envelope["model"] is not JsonObject model)
        {
            throw new InvalidDataException($"{path}: the model is missing");
        }

        if (version == 1)
        {
            ModelFileMigration.FromVersion1(model);
        }

        if (version < 4)
        {
            ModelFileMigration.BeforeMulticlass(model);
        }

        var algorithm = model["algorithm"] is JsonValue a && a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : null;
        if (algorithm is null || !AlgorithmCatalog.ModelKinds.Any(k => k.JsonName == algorithm))
        {
            throw new InvalidDataException(
                $"{path}: {(algorithm is null ? "the model has no \"algorithm\"" : $"unknown algorithm '{Cap(algorithm)}'")}; this build reads {string.Join(", ", AlgorithmCatalog.ModelKinds.Select(k => k.JsonName))}");
        }

        // The discriminator must come first for System.Text.Json's polymorphic reader.
        model.Remove("algorithm");
        var ordered = new JsonObject { ["algorithm"] = algorithm };
        foreach (var (name, value) in model.ToArray())
        {
            model.Remove(name);
            ordered[name] = value;
        }

        TrainedModel? trained;
        try
        {
            trained = ordered.Deserialize<TrainedModel>(Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a usable model: {Cap(e.Message)}");
        }

        if (trained is null)
        {
            throw new InvalidDataException($"{path}: the model is missing");
        }

        return trained.Problem() is { } problem ? throw new InvalidDataException($"{path}: not a usable model: {problem}") : trained;
    }

    private static InvalidDataException NotAModel(string path, string why) => new($"{path}: not a ShardML model ({why})");

    /// <summary>A value from the file, cut short: an error message never carries more than a few words of a file.</summary>
    private static string Cap(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 117), "…");

    private static async Task<int> FirstSignificantByteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        var span = buffer.AsSpan(0, read);
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        foreach (var b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return -1;
    }

    private static void DeclareModelKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(TrainedModel))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "algorithm" };
        foreach (var kind in AlgorithmCatalog.ModelKinds)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(kind.Type, kind.JsonName));
        }
    }

    private sealed record Envelope(string Format, int Version, TrainedModel? Model);
}
