namespace ShardML.Cli.Tests;

/// <summary>
/// <c>shardml bench privacy</c> on a tiny run: every private trainer is reported beside its non-private counterpart, spends
/// no more than asked, and the table is markdown. The utility itself is measured at 10⁵ rows (docs/PRIVACY.md), not here.
/// </summary>
public sealed class BenchPrivacyCommandTests
{
    [Fact]
    public async Task A_tiny_privacy_bench_reports_each_mechanism_against_the_non_private_model()
    {
        var run = await CliRun.RunAsync("bench", "privacy", "--rows", "3000", "--partitions", "2", "--json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var report = run.Json().GetProperty("report");
        Assert.Equal(3000, report.GetProperty("rows").GetInt64());
        var rows = report.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(
            ["logreg dp-sgd accuracy", "linreg adassp r2", "linreg adassp mse", "kmeans dp-lloyd inertia", "kmeans dp-lloyd ari"],
            rows.Select(r => $"{r.GetProperty("model").GetString()} {r.GetProperty("mechanism").GetString()} {r.GetProperty("metric").GetString()}"));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("epsilonSpent").GetDouble(), 0.5, 1 + 1e-9));
        Assert.InRange(rows[0].GetProperty("nonPrivate").GetDouble(), 0.85, 1); // the generator flips 5% of labels
        Assert.InRange(rows[1].GetProperty("nonPrivate").GetDouble(), 0.99, 1);
        Assert.InRange(rows[4].GetProperty("nonPrivateSameStart").GetDouble(), -1, 1);
        Assert.Contains("| model | mechanism |", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_few_rows_are_a_usage_error()
    {
        var run = await CliRun.RunAsync("bench", "privacy", "--rows", "10");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at least 1000 rows", run.StandardError, StringComparison.Ordinal);
    }
}
