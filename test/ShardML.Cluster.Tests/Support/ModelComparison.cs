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

    /// <summary>Trains on <paramref name="cluster"/>; a failure shows what the silos logged, where the driver's own account of it is.</summary>
    public static async Task<CliRun> TrainOnAsync(SiloCluster cluster, string modelPath, string[] job, params string[] extra)
    {
        var run = await CliRun.RunAsync([.. job, "--out", modelPath, "--json", .. cluster.ClientArguments, .. extra]);
        Assert.True(run.ExitCode == 0, $"shardml {string.Join(' ', job)} {string.Join(' ', extra)} exited with {run.ExitCode}: {run.StandardError}\n{cluster.RecentLogs()}");
        return run;
    }
}
