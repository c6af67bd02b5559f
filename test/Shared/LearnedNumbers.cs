using System.Text.Json;

namespace ShardML.Testing;

/// <summary>
/// What a model learned, from its model-file JSON, as text: the writer prints the shortest text that round-trips
/// each float or double, so equal text means equal bits. Timings and notes are left out.
/// </summary>
public static class LearnedNumbers
{
    public static string OfFile(string modelPath) => Of(File.ReadAllText(modelPath));

    public static string Of(string modelJson)
    {
        using var document = JsonDocument.Parse(modelJson);
        var model = document.RootElement.GetProperty("model");
        var parts = new[] { "centers", "clusterSizes", "weights", "intercept", "coefficients", "intercepts", "classes" }
            .Where(name => model.TryGetProperty(name, out _))
            .Select(name => $"{name}={model.GetProperty(name).GetRawText()}");
        var summary = model.GetProperty("summary");
        return string.Join('\n', parts.Append($"iterations={summary.GetProperty("iterations")}").Append($"loss={summary.GetProperty("lossHistory").GetRawText()}"));
    }
}
