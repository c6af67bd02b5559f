using System.Text.Json;
using System.Text.Json.Serialization;
using ShardML.Core.Execution;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>
/// Everything the CLI says. Human text (progress, tables, errors) goes to stderr through Spectre.Console; with
/// <c>--json</c> exactly one JSON document goes to stdout, so scripts can pipe it.
/// </summary>
internal sealed class Reporter(bool json, TextWriter stdout, TextWriter stderr)
{
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

    /// <summary>Runs <paramref name="work"/> under a progress bar (when stderr is a terminal) fed by its <see cref="IProgress{T}"/>.</summary>
    public async Task<T> WithProgressAsync<T>(string title, int maximum, Func<IProgress<TrainingProgress>, Task<T>> work)
    {
        if (!_console.Profile.Capabilities.Interactive)
        {
            return await work(new Progress(_ => { }));
        }

        return await _console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: maximum);
                return await work(new Progress(p =>
                {
                    task.Value = Math.Min(maximum, p.Iteration);
                    task.Description = Markup.Escape(double.IsNaN(p.Loss) ? $"{title}: {p.Phase}" : $"{title}: {p.Phase} {p.Iteration}, loss {p.Loss:G6}");
                }));
            });
    }

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
