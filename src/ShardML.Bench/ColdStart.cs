using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ShardML.Bench;

/// <summary>
/// Times whole K-means training jobs as a user runs them — <c>shardml train kmeans</c> on the embedded silo — each in
/// a process of its own, so every run starts with nothing compiled, no thread-pool threads grown, no grain activated:
/// the benchmark's own process has run the same kernels already and could not measure that. Each job's iterations come
/// from its JSON report (the wall time of every pass), so the child is timed by the same clock as any other job.
/// </summary>
public static class ColdStart
{
    /// <summary>The pass each Lloyd iteration runs, as the job's per-pass statistics name it.</summary>
    private const string IterationStep = "LloydStep";

    /// <summary>
    /// Runs <paramref name="runs"/> jobs of <paramref name="iterations"/> Lloyd iterations from the centers in
    /// <paramref name="centersCsv"/> on <paramref name="dataPath"/> (tolerance 0, so they run every iteration unless
    /// the centers stop moving), one process each, and summarizes them.
    /// </summary>
    public static async Task<ColdStartReport> MeasureAsync(
        ChildProcess child, string dataPath, string centersCsv, int clusters, int partitions, int iterations, int runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 4); // a first iteration, and a second half of at least two
        var arguments = new[]
        {
            "train", "kmeans", "--data", dataPath, "--k", clusters.ToString(CultureInfo.InvariantCulture), "--init", centersCsv,
            "--max-iter", iterations.ToString(CultureInfo.InvariantCulture), "--tol", "0",
            "--algorithm", "lloyd", // the warm iteration it is compared with is Lloyd's: Auto would switch to bounds
            "--partitions", partitions.ToString(CultureInfo.InvariantCulture), "--json",
        };
        var results = new List<ColdStartRun>();
        for (var i = 0; i < runs; i++)
        {
            var run = await RunAsync(child, arguments, cancellationToken);
            if (run.IterationMilliseconds.Count < 4)
            {
                throw new InvalidOperationException(
                    $"the cold-start job's centers stopped moving after {run.IterationMilliseconds.Count} iterations, too few to tell its first iteration from its warm ones: use more rows");
            }

            results.Add(run);
        }

        return Summarize(results);
    }

    /// <summary>Medians over the runs; the first iterations listed are those of the run with the median job ratio.</summary>
    public static ColdStartReport Summarize(IReadOnlyList<ColdStartRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0 || runs.Any(r => r.IterationMilliseconds.Count < 4))
        {
            throw new ArgumentException("at least one run, of at least 4 iterations each", nameof(runs));
        }

        var byRatio = runs.OrderBy(r => r.JobRatio).ToArray();
        return new ColdStartReport(
            runs.Count,
            (int)Statistics.Median([.. runs.Select(r => (double)r.IterationMilliseconds.Count)]),
            Statistics.Median([.. runs.Select(r => r.IterationMilliseconds[0])]),
            Statistics.Median([.. runs.Select(r => r.WarmIterationMilliseconds)]),
            Statistics.Median([.. runs.Select(r => r.FirstToWarmRatio)]),
            Statistics.Median([.. runs.Select(r => r.TrainingSeconds)]),
            Statistics.Median([.. runs.Select(r => r.JobRatio)]),
            Statistics.Median([.. runs.Select(r => r.ProcessSeconds)]),
            [.. byRatio[(byRatio.Length - 1) / 2].IterationMilliseconds.Take(5)],
            runs);
    }

    /// <summary>
    /// One run from <c>train --json</c>'s document: the training time (<c>seconds</c>) and the wall time of each
    /// Lloyd pass (<c>execution.perPass</c>), of which the first <c>iterations</c> are the iterations (the last one
    /// measures the returned centers' inertia).
    /// </summary>
    public static ColdStartRun Parse(string json, double processSeconds)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var iterations = root.GetProperty("iterations").GetInt32();
        var execution = root.GetProperty("execution");
        if (execution.GetProperty("omittedPasses").GetInt32() != 0)
        {
            throw new InvalidDataException("the job's report left out some of its passes: run fewer iterations");
        }

        var passes = execution.GetProperty("perPass").EnumerateArray()
            .Where(p => p.GetProperty("step").GetString() == IterationStep)
            .Select(p => p.GetProperty("wallSeconds").GetDouble() * 1e3)
            .ToArray();
        if (passes.Length < iterations)
        {
            throw new InvalidDataException($"the job reports {iterations} iterations but {passes.Length} {IterationStep} passes");
        }

        return new ColdStartRun(root.GetProperty("seconds").GetDouble(), processSeconds, passes[..iterations]);
    }

    private static async Task<ColdStartRun> RunAsync(ChildProcess child, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(child.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in child.LeadingArguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {child.FileName}");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var json = await output;
            var stderr = await errors;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"the cold-start job exited with code {process.ExitCode}: {Tail(stderr)}");
            }

            return Parse(json, seconds);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : text[^2000..].Trim();
}
