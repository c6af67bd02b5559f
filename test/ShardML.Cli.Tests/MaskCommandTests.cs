using System.Security.Cryptography;

namespace ShardML.Cli.Tests;

/// <summary><c>shardml mask</c> on the embedded silo: the copy, its manifest, its usage errors, and a key that never shows.</summary>
public sealed class MaskCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Masks_a_dataset_into_parts_with_a_manifest_and_never_prints_the_key()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var keyPath = _samples.In("mask.key");
        await File.WriteAllBytesAsync(keyPath, key);
        var output = _samples.In("masked");

        var run = await CliRun.RunAsync(
            "mask", "--data", _samples.Churn, "--out", output, "--key", keyPath, "--hash", "churned", "--round", "tenure_months=12", "--noise", "monthly_charges=5",
            "--partitions", "3", "--json", "--verbose");
        var again = await CliRun.RunAsync("mask", "--data", _samples.Churn, "--out", output, "--key", keyPath, "--drop", "tenure_months");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var manifest = run.Json().GetProperty("manifest");
        Assert.Equal(3, manifest.GetProperty("parts").GetArrayLength());
        Assert.Equal(File.ReadAllLines(_samples.Churn).Length - 1, run.Json().GetProperty("rows").GetInt64());
        Assert.True(File.Exists(Path.Combine(output, "manifest.json")));
        Assert.Equal(3, Directory.GetFiles(output, "part-*.csv").Length);
        foreach (var text in new[] { run.StandardOutput, run.StandardError }.Concat(Directory.GetFiles(output).Select(File.ReadAllText)))
        {
            Assert.DoesNotContain(Convert.ToHexStringLower(key), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(key), text, StringComparison.Ordinal);
        }

        Assert.Equal(ExitCodes.Usage, again.ExitCode); // the output directory is not empty any more
        Assert.Contains("not empty", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keyed_transforms_without_a_key_and_unknown_columns_are_usage_errors()
    {
        var keyless = await CliRun.RunAsync("mask", "--data", _samples.Churn, "--out", _samples.In("a"), "--hash", "churned");
        var unknown = await CliRun.RunAsync("mask", "--data", _samples.Churn, "--out", _samples.In("b"), "--drop", "no_such_column");
        var malformed = await CliRun.RunAsync("mask", "--data", _samples.Churn, "--out", _samples.In("c"), "--round", "tenure_months");

        Assert.Equal(ExitCodes.Usage, keyless.ExitCode);
        Assert.Contains("--key", keyless.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("no_such_column", unknown.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
        Assert.Contains("COL=VALUE", malformed.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
