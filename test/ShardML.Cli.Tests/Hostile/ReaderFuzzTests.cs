using System.Diagnostics;
using System.Globalization;

namespace ShardML.Cli.Tests.Hostile;

/// <summary>
/// A standing mutation fuzzer over the readers, through the in-process CLI as a user runs it: CSV, LibSVM and
/// <c>.shard</c> data are trained on (read on the embedded silo, errors carried back), model files are predicted with.
/// Every case ends within its time with exit 0 (a mutation can leave an input valid; its report is a table), 2–5 or 7
/// (numbers that make training diverge), an error message under 1 KB, and no stack trace. Deterministic: case i of a format is mutated by <c>new Random(Seed + i)</c>, and a failure names it.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const int Seed = 20261206;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Train = ["train", "linreg", "--solver", "gd", "--max-iter", "2", "--partitions", "2"];
    private readonly Samples _samples = new();

    [Fact]
    public Task Mutated_csv_files_get_a_clear_error_or_convert() =>
        FuzzAsync("csv", Head(_samples.Housing, 200), 100, 0, (path, i) => ["convert", "--data", path, "--out", _samples.In($"converted-{i}.shard")]);

    [Fact]
    public Task Mutated_csv_files_get_a_clear_error_or_train() =>
        FuzzAsync("csv", Head(_samples.Housing, 200), 20, 1000, (path, _) => [.. Train, "--data", path, "--state-dir", _samples.In("state")]);

    [Fact]
    public Task Mutated_libsvm_files_get_a_clear_error_or_train() =>
        FuzzAsync("svm", Head(_samples.SparseRegression, 200), 30, 2000, (path, _) => [.. Train, "--data", path, "--state-dir", _samples.In("state")]);

    [Fact]
    public async Task Mutated_shard_files_get_a_clear_error_or_train()
    {
        var csv = _samples.In("seed.csv");
        await File.WriteAllBytesAsync(csv, Head(_samples.Housing, 200));
        var seed = _samples.In("seed.shard");
        Assert.Equal(0, (await CliRun.RunAsync("convert", "--data", csv, "--out", seed)).ExitCode);

        await FuzzAsync("shard", await File.ReadAllBytesAsync(seed), 40, 3000, (path, _) => [.. Train, "--data", path, "--state-dir", _samples.In("state")]);
    }

    [Fact]
    public async Task Mutated_model_files_get_a_clear_error_or_predict()
    {
        var csv = _samples.In("seed.csv");
        await File.WriteAllBytesAsync(csv, Head(_samples.Housing, 200));
        var seed = _samples.In("seed.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", csv, "--out", seed, "--state-dir", _samples.In("state"))).ExitCode);

        await FuzzAsync("json", await File.ReadAllBytesAsync(seed), 120, 4000, (path, i) => ["predict", "--model", path, "--data", csv, "--out", _samples.In($"predictions-{i}.csv")]);
    }

    public void Dispose() => _samples.Dispose();

    /// <summary>Runs <paramref name="cases"/> mutations of <paramref name="seed"/>, case i drawn from <c>new Random(Seed + first + i)</c>.</summary>
    private async Task FuzzAsync(string extension, byte[] seed, int cases, int first, Func<string, int, string[]> command)
    {
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var i = first; i < first + cases; i++)
        {
            var (bytes, what) = InputMutator.Mutate(seed, new Random(Seed + i), extension);
            var path = _samples.In($"case-{i}.{extension}");
            await File.WriteAllBytesAsync(path, bytes);
            CliRun run;
            try
            {
                run = await CliRun.RunAsync(CaseTimeout, command(path, i));
            }
            catch (TimeoutException e)
            {
                failures.Add($"case {i} ({what}): hung: {e.Message[..Math.Min(500, e.Message.Length)]}");
                continue;
            }

            var problem = run.ExitCode is not (0 or >= 2 and <= 5 or ExitCodes.Diverged) ? $"exit {run.ExitCode}"
                : run.ExitCode != 0 && run.StandardError.Length >= 1024 ? $"{run.StandardError.Length} characters on stderr"
                : run.StandardError.Contains("   at ", StringComparison.Ordinal) || run.StandardError.Contains("Exception", StringComparison.Ordinal) ? "a stack trace"
                : null;
            if (problem is not null)
            {
                failures.Add($"case {i} ({what}): {problem}: {run.StandardError[..Math.Min(800, run.StandardError.Length)]}");
            }

            File.Delete(path);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} mutated .{extension} inputs (seed {Seed.ToString(CultureInfo.InvariantCulture)}, {clock.Elapsed.TotalSeconds:F0} s):\n{string.Join('\n', failures)}");
    }

    private static byte[] Head(string path, int lines) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(path).Take(lines)) + "\n");
}
