using System.Text.Json;

namespace ShardML.Cluster.Tests.Support;

/// <summary>Trains the same job embedded and on a cluster and compares what the models learned, bit for bit.</summary>
internal static class ModelComparison
{
    /// <summary>
    /// The learned numbers of a model file as JSON text: the writer prints the shortest text that round-trips each
    /// float or double, so equal text means equal bits. Timings and notes are left out.
    /// </summary>
    public static string Learned(string modelPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(modelPath));
        var model = document.RootElement.GetProperty("model");
        var parts = new[] { "centers", "clusterSizes", "weights", "intercept" }
            .Where(name => model.TryGetProperty(name, out _))
            .Select(name => $"{name}={model.GetProperty(name).GetRawText()}");
        var summary = model.GetProperty("summary");
        return string.Join('\n', parts.Append($"iterations={summary.GetProperty("iterations")}").Append($"loss={summary.GetProperty("lossHistory").GetRawText()}"));
    }

    public static async Task<CliRun> TrainAsync(string modelPath, string[] job, params string[] where)
    {
        var run = await CliRun.RunAsync([.. job, "--out", modelPath, "--json", .. where]);
        Assert.True(run.ExitCode == 0, $"shardml {string.Join(' ', job)} {string.Join(' ', where)} exited with {run.ExitCode}: {run.StandardError}");
        return run;
    }
}
