using System.CommandLine;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using ShardML.Core.Data;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// What every <c>train</c> subcommand does around its algorithm: load the data on the cluster, train with a
/// progress bar, measure the model on the training data, save it atomically, and report.
/// </summary>
internal abstract class TrainCommandBase : ShardCommand
{
    protected TrainCommandBase(string name, string description, CommonOptions common)
        : base(name, description, common.Json)
    {
        Common = common;
        common.AddTo(this);
        Options.Add(Out);
    }

    protected CommonOptions Common { get; }

    protected Option<FileInfo?> Out { get; } = new("--out", "-o") { Description = "Where to save the model (JSON)" };

    protected Option<int?> MaxIterations { get; } = new("--max-iter") { Description = "Maximum number of iterations" };

    protected Option<double?> Tolerance { get; } = new("--tol") { Description = "Convergence tolerance" };

    protected abstract string Algorithm { get; }

    protected abstract DatasetOptions DataOptions(ParseResult parse);

    protected abstract int IterationBudget(ParseResult parse);

    protected abstract Task<TrainedModel> TrainAsync(ParseResult parse, EngineSession session, IProgress<TrainingProgress> progress, CancellationToken cancellationToken);

    protected sealed override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var data = DataOptions(parse);
        await using var session = await EngineSession.OpenAsync(Common.Connection.Connection(parse, "client"), parse.GetValue(Common.Verbose), cancellationToken);
        var executor = await session.LoadAsync(data, parse.GetValue(Common.Partitions), cancellationToken);
        var dataset = executor.Dataset;
        reporter.Line($"[grey]loaded {dataset.TotalRows:N0} rows × {dataset.Schema.FeatureCount} features in {dataset.PartitionCount} partitions ({session.LoadSeconds:F2} s)[/]");

        var model = await reporter.WithProgressAsync($"train {Algorithm}", IterationBudget(parse), p => TrainAsync(parse, session, p, cancellationToken));
        var evaluation = await executor.RunAsync(model.CreateEvaluateStep(dataset.Schema), cancellationToken);
        var metrics = model.Metrics(evaluation);
        var confusion = model.Confusion(evaluation);

        var output = parse.GetValue(Out);
        if (output is not null)
        {
            await ModelFile.SaveAsync(model, output.FullName, cancellationToken);
        }

        var statistics = executor.Statistics;
        if (reporter.Json)
        {
            reporter.Document(new
            {
                command = "train",
                algorithm = Algorithm,
                data = data.Path,
                rows = dataset.TotalRows,
                features = dataset.Schema.FeatureCount,
                partitions = dataset.PartitionCount,
                modelPath = output?.FullName,
                iterations = model.Summary.Iterations,
                converged = model.Summary.Converged,
                seconds = model.Summary.Seconds,
                loadSeconds = session.LoadSeconds,
                finalLoss = model.Summary.FinalLoss,
                lossHistory = model.Summary.LossHistory,
                metrics,
                notes = model.Summary.Notes,
                confusionMatrix = confusion,
                communication = model.Summary.Communication,
                execution = new
                {
                    statistics.Passes,
                    statistics.BytesSent,
                    statistics.BytesReceived,
                    statistics.WallSeconds,
                    statistics.ComputeSeconds,
                    statistics.CoordinationSeconds,
                    statistics.ReloadedPartitions,
                    statistics.Retries,
                    cluster = session.Cluster.Description,
                    perPass = statistics.PerPass,
                },
                model,
            });
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("iterations", $"{model.Summary.Iterations}{(model.Summary.Converged ? " (converged)" : " (not converged)")}");
        foreach (var (name, value) in metrics)
        {
            table.AddRow(Markup.Escape(name), value.ToString("G8", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (model.Summary.RelativeDualityGap is { } gap)
        {
            table.AddRow("relative duality gap", gap.ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (model.Summary.Communication is { } communication)
        {
            table.AddRow("synchronization rounds", $"{communication.Rounds:N0} ({communication.RoundsSaved:N0} saved by {communication.LocalStepsPerRound} local steps, ~{communication.BytesSaved / 1e6:F1} MB)");
        }

        table.AddRow("training time", $"{model.Summary.Seconds:F3} s");
        reporter.Console.Write(table);
        if (confusion is not null)
        {
            reporter.Console.Write(ConfusionTable.Build(confusion));
        }
        foreach (var note in model.Summary.Notes)
        {
            reporter.Line($"[yellow]note:[/] {Markup.Escape(note)}");
        }

        reporter.Line(output is null ? "[yellow]model not saved: pass --out FILE to keep it[/]" : $"model saved to [green]{Markup.Escape(output.FullName)}[/]");
        return ExitCodes.Success;
    }
}
