using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml evaluate</c>: R², RMSE, MAE for regression; inertia and (with labels) adjusted Rand index for K-means.</summary>
internal sealed class EvaluateCommand(CommonOptions common)
    : ModelCommandBase("evaluate", "Measure a trained model on a dataset.", common)
{
    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken)
    {
        var schema = session.Executor.Dataset.Schema;
        if (model is Algorithms.LinearRegression.LinearRegressionModel && !schema.HasLabel)
        {
            throw new ModelMismatchException($"the data has no label column '{model.LabelName}' to evaluate against; pass --label");
        }

        var metrics = model.Metrics(await session.Executor.RunAsync(model.CreateEvaluateStep(schema), cancellationToken));
        if (reporter.Json)
        {
            reporter.Document(new { command = "evaluate", rows = session.Executor.Dataset.TotalRows, metrics });
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in metrics)
        {
            table.AddRow(Markup.Escape(name), value.ToString("G8", System.Globalization.CultureInfo.InvariantCulture));
        }

        reporter.Console.Write(table);
        return ExitCodes.Success;
    }
}
