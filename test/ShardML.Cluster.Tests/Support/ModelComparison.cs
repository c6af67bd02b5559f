namespace ShardML.Cluster.Tests.Support;

/// <summary>Trains the same job embedded and on a cluster and compares what the models learned, bit for bit.</summary>
internal static class ModelComparison
{
    public static string Learned(string modelPath) => LearnedNumbers.OfFile(modelPath);

    public static async Task<CliRun> TrainAsync(string modelPath, string[] job, params string[] where)
    {
        var run = await CliRun.RunAsync([.. job, "--out", modelPath, "--json", .. where]);
        Assert.True(run.ExitCode == 0, $"shardml {string.Join(' ', job)} {string.Join(' ', where)} exited with {run.ExitCode}: {run.StandardError}");
        return run;
    }
}
