using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml plot</c>: a model's plots over a dataset, as PNG and SVG — the loss curve; for classifiers the confusion
/// matrix and, binary, ROC and precision–recall curves; for regressions predicted against actual values and the
/// residuals on a sample of rows; for K-means the clusters on the first two principal components. The numbers come
/// from distributed passes (<see cref="TrainedModel.DiagnoseAsync"/>); only the drawing happens here.
/// </summary>
internal sealed class PlotCommand : ModelCommandBase
{
    private readonly Option<DirectoryInfo> _out = new("--out", "-o") { Description = "The directory to write the plots into (created if missing)", Required = true };

    public PlotCommand(CommonOptions common)
        : base("plot", "Plot a trained model on a dataset: loss, confusion matrix, ROC and precision-recall, predicted vs actual, clusters (PNG and SVG).", common)
    {
        Options.Add(_out);
    }

    protected override bool ReadsLabels(TrainedModel model) => model.EvaluationNeedsLabel;

    protected override void CheckOutputs(ParseResult parse) => PlotDirectory.Check("--out", parse.GetRequiredValue(_out));

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken)
    {
        if (model.EvaluationNeedsLabel && !session.Executor.Dataset.Schema.HasLabel)
        {
            throw new ModelMismatchException($"the data has no label column '{model.LabelName}' to plot against; pass --label");
        }

        var directory = PlotDirectory.Check("--out", parse.GetRequiredValue(_out));
        var files = await PlotReport.WriteAsync(reporter, model, session.Executor, directory, cancellationToken);
        if (reporter.Json)
        {
            reporter.Document(new { command = "plot", directory, files, rows = session.Executor.Dataset.TotalRows });
        }

        return ExitCodes.Success;
    }
}
