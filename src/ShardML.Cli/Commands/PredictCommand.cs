using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml predict</c>: one prediction per input row, in input order, as CSV: the value (a cluster, a regression
/// value, or a classifier's class as the original label text), then for logistic classifiers a probability column
/// per class (one, the positive class's, for binary).
/// </summary>
internal sealed class PredictCommand : ModelCommandBase
{
    private readonly Option<FileInfo> _out = new("--out", "-o") { Description = "Where to write the predictions (CSV)", Required = true };

    public PredictCommand(CommonOptions common)
        : base("predict", "Predict every row of a dataset with a trained model.", common)
    {
        Options.Add(_out);
    }

    protected override bool ReadsLabels => false;

    protected override void CheckOutputs(ParseResult parse) =>
        OutputPath.Check("--out", parse.GetRequiredValue(_out), ("--data", parse.GetValue(Common.Data)), ("--model", parse.GetValue(Model)));

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken)
    {
        var predictions = await session.Executor.RunAsync(model.CreatePredictStep(), cancellationToken);
        var output = parse.GetRequiredValue(_out).FullName;
        var temporary = output + ".tmp";
        try
        {
            await using (var writer = new StreamWriter(temporary))
            {
                var columns = model.PredictionColumns;
                await writer.WriteLineAsync(string.Join(',', columns.Select(Quote)));
                var fields = new string[columns.Count];
                var line = new System.Text.StringBuilder();
                for (var i = 0; i < predictions.Values.Length; i++)
                {
                    model.FormatPrediction(predictions, i, fields);
                    line.Clear();
                    for (var c = 0; c < fields.Length; c++)
                    {
                        line.Append(c == 0 ? string.Empty : ",").Append(Quote(fields[c]));
                    }

                    await writer.WriteLineAsync(line, cancellationToken);
                }
            }

            File.Move(temporary, output, overwrite: true);
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
            reporter.Document(new { command = "predict", rows = predictions.Values.Length, output, loadSeconds = session.LoadSeconds });
        }

        reporter.Line($"wrote {predictions.Values.Length:N0} predictions to [green]{Markup.Escape(output)}[/]");
        return ExitCodes.Success;
    }

    /// <summary>A CSV field: quoted (RFC 4180) when it holds a separator, a quote or a line break.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
