using System.CommandLine;
using System.Globalization;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml predict</c>: one prediction per input row, in input order, as a one-column CSV.</summary>
internal sealed class PredictCommand : ModelCommandBase
{
    private readonly Option<FileInfo> _out = new("--out", "-o") { Description = "Where to write the predictions (CSV)", Required = true };

    public PredictCommand(CommonOptions common)
        : base("predict", "Predict every row of a dataset with a trained model.", common)
    {
        Options.Add(_out);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken)
    {
        var predictions = await session.Executor.RunAsync(model.CreatePredictStep(), cancellationToken);
        var output = parse.GetRequiredValue(_out).FullName;
        var temporary = output + ".tmp";
        var integral = model is KMeansModel;
        await using (var writer = new StreamWriter(temporary))
        {
            await writer.WriteLineAsync(model.PredictionName);
            foreach (var value in predictions.Values)
            {
                await writer.WriteLineAsync(integral ? ((int)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        File.Move(temporary, output, overwrite: true);
        if (reporter.Json)
        {
            reporter.Document(new { command = "predict", rows = predictions.Values.Length, output, loadSeconds = session.LoadSeconds });
        }

        reporter.Line($"wrote {predictions.Values.Length:N0} predictions to [green]{Markup.Escape(output)}[/]");
        return ExitCodes.Success;
    }
}
