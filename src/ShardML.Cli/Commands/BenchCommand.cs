using System.CommandLine;
using System.Globalization;
using ShardML.Bench;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml bench</c>: the end-to-end benchmark of issue 4. Measures the machine's limits, generates the workloads,
/// and times the kernels directly and through the embedded silo; the work is <see cref="BenchRunner"/>'s.
/// </summary>
internal sealed class BenchCommand : ShardCommand
{
    private readonly Option<string[]> _workloads = new("--workload", "-w")
    {
        Description = "kmeans, gd, sgd, sparse-sgd (default: all), exchange (8 MB between this silo and a second silo process, on request); repeat the option or separate with commas for several",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<long?> _rows = new("--rows", "-n") { Description = "Rows per dataset (default 1,000,000; 100,000 with --quick)" };
    private readonly Option<string?> _sgdRowOrder = new("--sgd-row-order") { Description = "How the SGD workloads' local steps pick rows: uniform (default) or shuffled-blocks" };

    private readonly Option<long?> _sparseRows = new("--sparse-rows") { Description = "Rows of the sparse SGD dataset (default 200,000; 20,000 with --quick)" };
    private readonly Option<bool> _quick = new("--quick") { Description = "A run of seconds: 100,000 rows, fewer iterations, a smaller bandwidth probe" };
    private readonly Option<int?> _iterations = new("--iterations") { Description = "Timed iterations per executor (median reported)" };
    private readonly Option<int?> _warmup = new("--warmup") { Description = "Untimed iterations first" };
    private readonly Option<int?> _partitions = new("--partitions", "-p") { Description = "Partitions (default: 2 × cores)" };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed of the generated data", DefaultValueFactory = _ => 42 };
    private readonly Option<bool> _noCluster = new("--no-cluster") { Description = "Only call the kernels directly; skip the embedded silo" };
    private readonly Option<DirectoryInfo?> _dataDirectory = new("--data-dir") { Description = "Keep the generated CSV files here and reuse them (default: a temporary folder)" };
    private readonly Option<DirectoryInfo?> _export = new("--export") { Description = "Also write the datasets as .npy files here, for bench/compare" };
    private readonly Option<int?> _coldRuns = new("--cold-runs")
    {
        Description = "K-means training jobs to time each in a new process, for the first-iteration and whole-job ratios against the warm iteration (default 3; 1 with --quick; 0 for none)",
    };

    private readonly Option<double?> _ballast = new("--ballast-gb")
    {
        Description = "Exchange: gigabytes of live arrays this process holds while it measures, as a process holding datasets does (default 0)",
    };

    private readonly Option<bool> _json;

    public BenchCommand(CommonOptions common)
        : base("bench", "Measure the machine's limits and time K-means, gradient descent and SGD against them, directly and through Orleans.", common.Json)
    {
        _json = common.Json;
        Options.Add(_workloads);
        Options.Add(_rows);
        Options.Add(_sparseRows);
        Options.Add(_sgdRowOrder);
        Options.Add(_quick);
        Options.Add(_iterations);
        Options.Add(_warmup);
        Options.Add(_partitions);
        Options.Add(_seed);
        Options.Add(_noCluster);
        Options.Add(_dataDirectory);
        Options.Add(_export);
        Options.Add(_coldRuns);
        Options.Add(_ballast);
        Options.Add(_json);
        Subcommands.Add(new BenchPrivacyCommand(common));
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var defaults = parse.GetValue(_quick) ? BenchOptions.Quick : new BenchOptions();
        var workloads = parse.GetValue(_workloads);
        var options = defaults with
        {
            Workloads = workloads is { Length: > 0 } ? [.. workloads.SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(w => w.ToLowerInvariant())] : defaults.Workloads,
            Rows = parse.GetValue(_rows) ?? defaults.Rows,
            SparseRows = parse.GetValue(_sparseRows) ?? defaults.SparseRows,
            Iterations = parse.GetValue(_iterations) ?? defaults.Iterations,
            Warmup = parse.GetValue(_warmup) ?? defaults.Warmup,
            Partitions = parse.GetValue(_partitions),
            Seed = parse.GetValue(_seed),
            Cluster = !parse.GetValue(_noCluster),
            DataDirectory = parse.GetValue(_dataDirectory)?.FullName,
            ExportDirectory = parse.GetValue(_export)?.FullName,
            SgdRowOrder = RowOrderOption.Parse(parse.GetValue(_sgdRowOrder), "--sgd-row-order"),
            ColdStartRuns = parse.GetValue(_coldRuns) ?? defaults.ColdStartRuns,
            ColdStartProcess = SelfProcess(),
            ExchangeBallastBytes = parse.GetValue(_ballast) switch
            {
                null => 0,
                >= 0 and <= 1e6 and var gigabytes => (long)(gigabytes * 1e9),
                _ => throw new UsageException("--ballast-gb takes a number of gigabytes, 0 or more"),
            },
        };
        if (options.Validate() is { } problem)
        {
            throw new UsageException(problem);
        }

        var report = await BenchRunner.RunAsync(options, new Progress(m => reporter.Line($"[grey]{Markup.Escape(m)}[/]")), cancellationToken);
        if (reporter.Json)
        {
            reporter.Document(new { command = "bench", report });
        }

        Render(reporter.Console, report);
        return ExitCodes.Success;
    }

    /// <summary>
    /// This tool as a new process: its own executable, or the host running its assembly (<c>dotnet shardml.dll</c>,
    /// as under <c>dotnet run</c> or a test host).
    /// </summary>
    internal static ChildProcess SelfProcess()
    {
        var assembly = typeof(BenchCommand).Assembly.Location;
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        return string.Equals(Path.GetFileNameWithoutExtension(host), Path.GetFileNameWithoutExtension(assembly), StringComparison.OrdinalIgnoreCase)
            ? new ChildProcess(host, [])
            : new ChildProcess(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : host, [assembly]);
    }

    private static void Render(IAnsiConsole console, BenchReport report)
    {
        console.Profile.Width = Math.Max(console.Profile.Width, 140); // a table of numbers reads badly wrapped, even in a log
        var m = report.Machine;
        console.MarkupLine(Markup.Escape(
            $"{m.Processor}, {m.Cores} cores, {m.VectorBits}-bit vectors; load average {Format(report.LoadAverageBefore)} before, {Format(report.LoadAverageAfter)} after; {report.Partitions} partitions"));
        console.MarkupLine(Markup.Escape(
            $"limits measured now: read {m.ReadBandwidthOneThread:F1} GB/s (1 thread), {m.ReadBandwidthAllThreads:F1} GB/s (all); FMA {m.FmaPeakOneThread:F0} GFLOP/s (1 thread), {m.FmaPeakAllThreads:F0} GFLOP/s (all)"));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("workload")
            .AddColumn("executor")
            .AddColumn(new TableColumn("ms/iter (median)").RightAligned())
            .AddColumn(new TableColumn("min–max").RightAligned())
            .AddColumn(new TableColumn("GB/s").RightAligned())
            .AddColumn(new TableColumn("GFLOP/s").RightAligned())
            .AddColumn(new TableColumn("limit ms").RightAligned())
            .AddColumn(new TableColumn("× limit").RightAligned())
            .AddColumn(new TableColumn("× paired limit").RightAligned())
            .AddColumn(new TableColumn("alloc/iter").RightAligned());
        foreach (var w in report.Workloads)
        {
            var name = w.Clusters > 0 ? $"{w.Name} n={w.Rows:N0} d={w.Features} k={w.Clusters}" : $"{w.Name} n={w.Rows:N0} d={w.Features}";
            Row(table, name, "direct", w.Direct, w.LimitMilliseconds);
            if (w.Cluster is { } c)
            {
                Row(table, string.Empty, "orleans", c, w.LimitMilliseconds);
            }
        }

        if (report.Workloads.Count > 0)
        {
            console.Write(table);
        }

        if (report.Exchange is { } exchange)
        {
            console.MarkupLine(Markup.Escape(
                $"exchange of {exchange.Bytes / 1e6:F1} MB with a second silo process{(report.ExchangeBallastBytes > 0 ? $", this one holding {report.ExchangeBallastBytes / 1e9:F1} GB of live arrays" : string.Empty)} (medians of {exchange.Rounds}; to the silo / back): Orleans messages {Rates(exchange.Messages)}"
                + (exchange.DataPlane is { } plane ? $", data plane {Rates(plane)}" : string.Empty) + $"; same bits: {(exchange.SameBits ? "yes" : "no")}"));
        }
        foreach (var w in report.Workloads)
        {
            var split = w.ClusterSplit is { } r
                ? $" (by the runtime's statistics: {r.CoordinationMilliseconds:0.00} ms of coordination over {r.PassesPerIteration:0} pass{(r.PassesPerIteration == 1 ? string.Empty : "es")}, the slowest silo computing {r.ComputeMilliseconds:0.00} ms)"
                : string.Empty;
            var overhead = w.RuntimeOverhead is { } o ? $"runtime overhead {o * 100:+0.0;-0.0}% per iteration (lower quartiles; medians {w.MedianRuntimeOverhead * 100:+0.0;-0.0}%){split}, same model bits: {(w.SameModel == true ? "yes" : "no")}; " : string.Empty;
            var l = w.Load;
            var accuracy = w.TestAccuracy is { } a ? $", held-out accuracy {a:P2}" : string.Empty;
            console.MarkupLine(Markup.Escape(
                $"{w.Name}: {overhead}objective {w.FinalObjective.ToString("G9", CultureInfo.InvariantCulture)}{accuracy}"));
            if (w.Setup.Length > 0)
            {
                console.MarkupLine(Markup.Escape($"  setup: {w.Setup}"));
            }

            if (w.ColdStart is { } cold)
            {
                console.MarkupLine(Markup.Escape(
                    $"  cold start ({cold.Runs} job{(cold.Runs == 1 ? string.Empty : "s")} of {cold.Iterations} iterations, each in a new process; medians): first iteration {cold.FirstIterationMilliseconds:F1} ms = {cold.FirstToWarmRatio:F2}× the warm {cold.WarmIterationMilliseconds:F1} ms; "
                    + $"training {cold.TrainingSeconds:F3} s = {cold.JobRatio:F2}× iterations × warm; process {cold.ProcessSeconds:F2} s; first five iterations {string.Join(", ", cold.FirstIterations.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} ms"));
            }

            var text = l.ShardSeconds is null ? "LibSVM" : "CSV";
            var shard = l.ShardSeconds is null
                ? string.Empty
                : $"; .shard {l.DatasetBytes / 1e6:F0} MB at {l.ShardGigabytesPerSecond:F2} GB/s (peak +{Ratio(l.ShardPeakIncrementRatio)}, allocated {l.ShardAllocatedRatio:F2}×); convert {l.ConvertSeconds:F2} s";
            console.MarkupLine(Markup.Escape(
                $"  loading: {text} {l.CsvBytes / 1e6:F0} MB at {l.CsvMegabytesPerSecond:F0} MB/s (the first load: {l.CsvFirstMegabytesPerSecond:F0} MB/s; peak +{Ratio(l.CsvPeakIncrementRatio)}, allocated {l.CsvAllocatedRatio:F2}× the dataset){shard}"));
            if (l.ShardSeconds is { } shardSeconds && l.ParquetSeconds is { } parquetSeconds)
            {
                console.MarkupLine(Markup.Escape(
                    $"  load rates in MB/s of the {l.CsvBytes / 1e6:F0} MB CSV and rows/s: CSV {l.CsvMegabytesPerSecond:F0} ({w.Rows / l.CsvSeconds / 1e6:F1} M), "
                    + $".shard {l.CsvEquivalentMegabytesPerSecond(shardSeconds):F0} ({w.Rows / shardSeconds / 1e6:F1} M), "
                    + $"Parquet {l.CsvEquivalentMegabytesPerSecond(parquetSeconds):F0} ({w.Rows / parquetSeconds / 1e6:F1} M; file {l.ParquetBytes / 1e6:F0} MB, peak +{Ratio(l.ParquetPeakIncrementRatio)}, allocated {l.ParquetAllocatedRatio:F2}×)"));
            }
        }
    }

    private static void Row(Table table, string name, string executor, ExecutorTiming t, double limit) => table.AddRow(
        Markup.Escape(name),
        executor,
        t.MedianMilliseconds.ToString("F2", CultureInfo.InvariantCulture),
        $"{t.MinimumMilliseconds.ToString("F2", CultureInfo.InvariantCulture)}–{t.MaximumMilliseconds.ToString("F2", CultureInfo.InvariantCulture)}",
        t.GigabytesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
        t.GigaflopsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
        limit.ToString("F2", CultureInfo.InvariantCulture),
        t.TimesLimit.ToString("F2", CultureInfo.InvariantCulture),
        t.PairedTimesLimit.ToString("F2", CultureInfo.InvariantCulture),
        Bytes(t.AllocatedBytesPerIteration));

    private static string Bytes(double bytes) => bytes switch
    {
        < 1024 => $"{bytes:F0} B",
        < 1 << 20 => $"{bytes / 1024:F1} KB",
        _ => $"{bytes / (1 << 20):F1} MB",
    };

    private static string Rates(Runtime.Transfer.ExchangePath path) =>
        $"{path.UploadGigabytesPerSecond.ToString("F2", CultureInfo.InvariantCulture)} / {path.DownloadGigabytesPerSecond.ToString("F2", CultureInfo.InvariantCulture)} GB/s ({path.UploadSeconds * 1e3:F1} / {path.DownloadSeconds * 1e3:F1} ms)";

    private static string Ratio(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + "×" : "unknown";

    private static string Format(double? value) => value?.ToString("F2", CultureInfo.InvariantCulture) ?? "unknown";

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
