using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Help;
using ShardML.Cli.Output;
using ShardML.Core.Data;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml predict</c>: one prediction per input row, in input order, as CSV: the columns kept with <c>--keep</c>
/// (an id, to join the predictions back), then the value (a cluster, a regression value, or a classifier's class as
/// the original label text), then for logistic classifiers a probability column per class (one, the positive
/// class's, for binary). <c>--out -</c> writes it to standard output.
/// </summary>
internal sealed class PredictCommand : ModelCommandBase
{
    /// <summary>The <c>--out</c> that means standard output.</summary>
    private const string StandardOutputPath = "-";

    private readonly Option<string> _out = new Option<string>("--out", "-o") { Description = "Where to write the predictions (CSV); - writes them to standard output", Required = true }.InGroup(OptionGroup.Output);

    private readonly Option<string[]> _keep = new Option<string[]>("--keep")
    {
        Description = "A column to copy into the output before the predictions (an id, to join them back); repeat it, or separate names with commas",
    }.InGroup(OptionGroup.Output);

    public PredictCommand(CommonOptions common)
        : base("predict", "Predict every row of a dataset with a trained model.", common)
    {
        Options.Add(_out);
        Options.Add(_keep);
    }

    protected override bool ReadsLabels(TrainedModel model) => false;

    protected override void CheckOutputs(ParseResult parse)
    {
        var output = parse.GetRequiredValue(_out);
        if (output == StandardOutputPath)
        {
            if (parse.GetValue(Common.Json))
            {
                throw new UsageException("--out - writes the predictions to standard output, where --json writes its document: choose one");
            }

            return;
        }

        OutputPath.Check("--out", new FileInfo(output), ("--data", parse.GetValue(Common.Data)), ("--model", parse.GetValue(Model)));
    }

    protected override DatasetOptions DataFor(ParseResult parse, TrainedModel model) => base.DataFor(parse, model) with { Keep = Kept(parse) };

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken)
    {
        var predictions = await session.Executor.RunAsync(model.CreatePredictStep(), cancellationToken);
        (string[] Names, List<string>[] Values)? kept = Kept(parse) is { } names ? (names, (await session.Executor.RunAsync(new KeptColumnsStep(), cancellationToken)).Columns) : null;
        var output = parse.GetRequiredValue(_out);
        if (output == StandardOutputPath)
        {
            await WriteAsync(ShardCommand.StandardOutput, model, predictions, kept, cancellationToken);
            reporter.Line($"wrote {predictions.Values.Length:N0} predictions to standard output");
            return ExitCodes.Success;
        }

        var path = new FileInfo(output).FullName;
        var temporary = path + ".tmp";
        try
        {
            await using (var writer = new StreamWriter(temporary))
            {
                await WriteAsync(writer, model, predictions, kept, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e)
        {
            File.Delete(temporary); // no half-written leftovers beside the output
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputWriteException($"the predictions could not be written to {output} ({e.Message})", e);
            }

            throw;
        }

        if (reporter.Json)
        {
            reporter.Document(new { command = "predict", rows = predictions.Values.Length, output = path, loadSeconds = session.LoadSeconds });
        }

        reporter.Line($"wrote {predictions.Values.Length:N0} predictions to [green]{Markup.Escape(path)}[/]");
        return ExitCodes.Success;
    }

    /// <summary>The header, then a line per row: its kept values, then its prediction's fields.</summary>
    private static async Task WriteAsync(
        TextWriter writer, TrainedModel model, PredictionSummary predictions, (string[] Names, List<string>[] Values)? kept, CancellationToken cancellationToken)
    {
        var columns = model.PredictionColumns;
        await writer.WriteLineAsync(string.Join(',', (kept?.Names ?? []).Concat(columns).Select(Quote)));
        var fields = new string[columns.Count];
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < predictions.Values.Length; i++)
        {
            model.FormatPrediction(predictions, i, fields);
            line.Clear();
            foreach (var values in kept?.Values ?? [])
            {
                line.Append(Quote(values[i])).Append(',');
            }

            for (var c = 0; c < fields.Length; c++)
            {
                line.Append(c == 0 ? string.Empty : ",").Append(Quote(fields[c]));
            }

            await writer.WriteLineAsync(line, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    private string[]? Kept(ParseResult parse) =>
        parse.GetValue(_keep) is { Length: > 0 } keep ? [.. keep.SelectMany(k => CommonOptions.ParseNames(k, "--keep")!)] : null;

    /// <summary>A CSV field: quoted (RFC 4180) when it holds a separator, a quote or a line break.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
