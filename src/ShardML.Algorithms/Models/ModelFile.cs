using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShardML.Algorithms.Models;

/// <summary>
/// Reads and writes models as JSON with a format name and version, so a file from a newer or an unrelated tool is
/// refused clearly. Writes go to a temporary file renamed into place: a crash never leaves half a model.
/// </summary>
public static class ModelFile
{
    public const string FormatName = "shardml-model";

    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(TrainedModel model) =>
        JsonSerializer.Serialize(new Envelope(FormatName, CurrentVersion, model), Options);

    public static TrainedModel FromJson(string json, string path = "model")
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a ShardML model ({e.Message})", e);
        }

        if (envelope is null || envelope.Format != FormatName)
        {
            throw new InvalidDataException($"{path}: not a ShardML model (format '{envelope?.Format}')");
        }

        if (envelope.Version != CurrentVersion)
        {
            throw new InvalidDataException($"{path}: model format version {envelope.Version} is not supported; this build reads version {CurrentVersion}");
        }

        var model = envelope.Model ?? throw new InvalidDataException($"{path}: the model is missing");
        return model.Problem() is { } problem ? throw new InvalidDataException($"{path}: not a usable model: {problem}") : model;
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

    public static async Task<TrainedModel> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: model file not found", path);
        }

        return FromJson(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    private sealed record Envelope(string Format, int Version, TrainedModel? Model);
}
