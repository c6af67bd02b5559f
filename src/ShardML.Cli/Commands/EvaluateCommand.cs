using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml evaluate</c>: R², RMSE, MAE for regression; inertia and (with labels) adjusted Rand index for K-means;
/// accuracy, precision, recall, F1 (macro for more than two classes), ROC AUC and log loss (binary) and the
/// confusion matrix for classifiers.
/// </summary>
internal sealed class EvaluateCommand(CommonOptions common)
    : ModelCommandBase("evaluate", "Measure a trained model on a dataset.", common)
{
    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken)
    {
        var schema = session.Executor.Dataset.Schema;
        if (model.EvaluationNeedsLabel && !schema.HasLabel)
        {
            throw new ModelMismatchException($"the data has no label column '{model.LabelName}' to evaluate against; pass --label");
        }

        var evaluation = await session.Executor.RunAsync(model.CreateEvaluateStep(schema), cancellationToken);
        var metrics = model.Metrics(evaluation);
        var confusion = model.Confusion(evaluation);
        if (reporter.Json)
        {
            reporter.Document(new { command = "evaluate", rows = session.Executor.Dataset.TotalRows, metrics, confusionMatrix = confusion });
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in metrics)
        {
            table.AddRow(Markup.Escape(name), value.ToString("G8", System.Globalization.CultureInfo.InvariantCulture));
        }

        reporter.Console.Write(table);
        if (confusion is not null)
        {
            reporter.Console.Write(ConfusionTable.Build(confusion));
        }

        return ExitCodes.Success;
    }
}
