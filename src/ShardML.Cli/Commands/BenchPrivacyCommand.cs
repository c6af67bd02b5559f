using System.CommandLine;
using System.Globalization;
using System.Text;
using ShardML.Bench.Privacy;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml bench privacy</c>: the utility of the private trainers against the non-private ones on generated data
/// (<see cref="PrivacyBench"/>), as a markdown table (to paste into docs as is) or, with <c>--json</c>, a document.
/// </summary>
internal sealed class BenchPrivacyCommand : ShardCommand
{
    private readonly Option<long?> _rows = new("--rows", "-n") { Description = "Training rows of each data set (default 100,000; 1,000,000 takes about ten times as long)" };
    private readonly Option<double?> _epsilon = new("--epsilon") { Description = "ε of every private model (default 1)" };
    private readonly Option<double?> _delta = new("--delta") { Description = "δ of DP-SGD and AdaSSP (default 1e-5)" };
    private readonly Option<int?> _kmeansIterations = new("--kmeans-iterations") { Description = "DP-Lloyd's iterations, over which ε splits (default 5)" };
    private readonly Option<int?> _partitions = new("--partitions", "-p") { Description = "Partitions (default: 2 × cores)" };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed of the generated data", DefaultValueFactory = _ => 42 };

    public BenchPrivacyCommand(CommonOptions common)
        : base("privacy", "Train each private model (DP-SGD logistic regression, AdaSSP, DP-Lloyd) beside its non-private counterpart on generated data and compare them on held-out rows.", common.Json)
    {
        Options.Add(_rows);
        Options.Add(_epsilon);
        Options.Add(_delta);
        Options.Add(_kmeansIterations);
        Options.Add(_partitions);
        Options.Add(_seed);
        Options.Add(common.Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var defaults = new PrivacyBenchOptions();
        var options = defaults with
        {
            Rows = parse.GetValue(_rows) ?? defaults.Rows,
            Epsilon = parse.GetValue(_epsilon) ?? defaults.Epsilon,
            Delta = parse.GetValue(_delta) ?? defaults.Delta,
            KMeansIterations = parse.GetValue(_kmeansIterations) ?? defaults.KMeansIterations,
            Partitions = parse.GetValue(_partitions),
            Seed = parse.GetValue(_seed),
        };
        if (options.Validate() is { } problem)
        {
            throw new UsageException(problem);
        }

        var report = await PrivacyBench.RunAsync(options, new Progress(m => reporter.Line($"[grey]{Markup.Escape(m)}[/]")), cancellationToken);
        if (reporter.Json)
        {
            reporter.Document(new { command = "bench privacy", report });
        }

        reporter.Console.Profile.Width = 4096; // a markdown row must stay on one line to be pasted as is
        reporter.Console.Write(new Text(Markdown(report)));
        return ExitCodes.Success;
    }

    /// <summary>The report as a markdown table, with a line saying what was run.</summary>
    internal static string Markdown(PrivacyBenchReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{report.Rows:N0} training rows, {report.TestRows:N0} held-out rows, ε = {report.Epsilon:G4}, δ = {report.Delta:G3}, {report.Partitions} partitions\n\n");
        text.Append("| model | mechanism | metric (held out) | non-private | non-private, private's start | private | difference | ε spent | seconds |\n");
        text.Append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in report.Results)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {r.Model} | {r.Mechanism} | {r.Metric} | {r.NonPrivate:G5} | {(r.NonPrivateSameStart is { } same ? same.ToString("G5", CultureInfo.InvariantCulture) : "–")} | {r.Private:G5} | {r.Difference:+0.####;-0.####;0} | {r.EpsilonSpent:G4} | {r.Seconds:F1} |\n");
        }

        text.Append('\n');
        foreach (var r in report.Results.DistinctBy(r => r.Model))
        {
            text.Append(CultureInfo.InvariantCulture, $"- {r.Model}: {r.Setup}\n");
        }

        return text.ToString();
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
