using System.Text.Json;
using System.Text.Json.Serialization;
using ShardML.Core.Execution;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>
/// Everything the CLI says. Human text (progress, tables, errors) goes to stderr through Spectre.Console; with
/// <c>--json</c> exactly one JSON document goes to stdout, so scripts can pipe it.
/// </summary>
/// <param name="json">Whether stdout holds one JSON document.</param>
/// <param name="stdout">Standard output.</param>
/// <param name="stderr">Standard error, where people read.</param>
/// <param name="plainProgressInterval">Without a terminal, progress is a plain line at most this often (default 5 s).</param>
internal sealed class Reporter(bool json, TextWriter stdout, TextWriter stderr, TimeSpan? plainProgressInterval = null)
{
    /// <summary>Without a terminal, an unchanged progress line is still written this often, to show the job is alive.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly IAnsiConsole _console = CreateConsole(stderr);

    public bool Json { get; } = json;

    public IAnsiConsole Console => _console;

    public void Line(string markup) => _console.MarkupLine(markup);

    /// <summary>Plain, unwrapped text, so a <c>file:line:column</c> location stays on one line for editors and grep.</summary>
    public void Error(string message) => stderr.WriteLine($"error: {message}");

    /// <summary>Writes the one JSON document of this run to stdout.</summary>
    public void Document(object document) => stdout.WriteLine(JsonSerializer.Serialize(document, JsonOptions));

    /// <summary>
    /// Runs <paramref name="work"/> under a progress bar fed by its <see cref="IProgress{T}"/> when stderr is a terminal;
    /// otherwise (CI, nohup, a redirected stderr) progress is a plain line every few seconds. A load shows its bytes
    /// and rows as it goes; the main loop its iteration of <paramref name="maximum"/> and its loss.
    /// </summary>
    public async Task<T> WithProgressAsync<T>(string title, int maximum, Func<IProgress<TrainingProgress>, Task<T>> work)
    {
        if (!_console.Profile.Capabilities.Interactive)
        {
            var interval = plainProgressInterval ?? TimeSpan.FromSeconds(5);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (written, last) = (TimeSpan.Zero, string.Empty);
            return await work(new Progress(p =>
            {
                var text = ProgressText(title, maximum, p);
                var now = clock.Elapsed;
                if (now - written >= interval && (text != last || now - written >= Heartbeat))
                {
                    stderr.WriteLine(FormattableString.Invariant($"{text} ({now.TotalSeconds:F0} s)"));
                    (written, last) = (now, text);
                }
            }));
        }

        return await _console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"{title}: starting"), maxValue: Math.Max(1, maximum));
                return await work(new Progress(p =>
                {
                    // A load fills the bar by its bytes; the main loop by its iterations, of the job's budget when it knows one
                    // (DP-SGD's steps) better than the command line.
                    var budget = Budget(maximum, p);
                    (task.MaxValue, task.Value) = p.Load is { } load ? (1000, load.Fraction * 1000) : (Math.Max(1, budget), Math.Min(budget, p.Iteration));
                    task.Description = Markup.Escape(ProgressText(title, maximum, p));
                }));
            });
    }

    /// <summary>One line of progress: "train logreg: loading 312.4 MB of 1.5 GB, 2,100,000 rows", "train logreg: iteration 12/200, loss 0.4321".</summary>
    public static string ProgressText(string title, int maximum, TrainingProgress progress)
    {
        if (progress.Load is { } load)
        {
            return FormattableString.Invariant($"{title}: {progress.Phase} {Size(load.Bytes)} of {Size(load.TotalBytes)} ({load.Fraction * 100:F0}%), {load.Rows:N0} rows");
        }

        var budget = Budget(maximum, progress);
        var step = progress.Iteration > 0 ? FormattableString.Invariant($" {progress.Iteration}{(budget > 0 ? $"/{budget}" : string.Empty)}") : string.Empty;
        return double.IsNaN(progress.Loss)
            ? $"{title}: {progress.Phase}{step}"
            : FormattableString.Invariant($"{title}: {progress.Phase}{step}, loss {progress.Loss:G6}");
    }

    /// <summary>The iterations the job says it will take, else the command line's estimate.</summary>
    private static int Budget(int maximum, TrainingProgress progress) => progress.MaximumIterations > 0 ? progress.MaximumIterations : maximum;

    /// <summary>Bytes in decimal units, as file managers and <c>ls -lh --si</c> show them.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1_000_000_000 => FormattableString.Invariant($"{bytes / 1e9:F2} GB"),
        >= 1_000_000 => FormattableString.Invariant($"{bytes / 1e6:F1} MB"),
        >= 1_000 => FormattableString.Invariant($"{bytes / 1e3:F1} kB"),
        _ => FormattableString.Invariant($"{bytes} B"),
    };

    /// <summary>Human output on stderr; when it is not a terminal (a log file, CI), lines are not wrapped at 80 columns.</summary>
    private static IAnsiConsole CreateConsole(TextWriter stderr)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (!console.Profile.Capabilities.Interactive)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>Reports synchronously, in order, on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
