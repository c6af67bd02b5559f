using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands;

/// <summary>What <c>predict</c> and <c>evaluate</c> share: read the model, load the data with exactly the model's features.</summary>
internal abstract class ModelCommandBase : ShardCommand
{
    protected ModelCommandBase(string name, string description, CommonOptions common)
        : base(name, description, common.Json)
    {
        Common = common;
        common.AddTo(this, withSeed: false);
        Options.Add(Model);
    }

    protected CommonOptions Common { get; }

    protected Option<FileInfo> Model { get; } = new("--model", "-m") { Description = "The model file written by train --out", Required = true };

    protected abstract Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, TrainedModel model, EngineSession session, CancellationToken cancellationToken);

    /// <summary>Whether the command needs the data's labels for <paramref name="model"/>: evaluation does, prediction does not (and then does not read them).</summary>
    protected virtual bool ReadsLabels(TrainedModel model) => true;

    /// <summary>Checks the command's outputs before the model and the data are read (<see cref="OutputPath"/>); none by default.</summary>
    protected virtual void CheckOutputs(ParseResult parse)
    {
    }

    /// <summary>The model's data options as the command reads them; prediction adds the columns it keeps.</summary>
    protected virtual DatasetOptions DataFor(ParseResult parse, TrainedModel model) => model.DataFor(Common.ModelDataOptions(parse), ReadsLabels(model));

    protected sealed override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        CheckOutputs(parse);
        var model = await ModelFile.LoadAsync(parse.GetRequiredValue(Model).FullName, cancellationToken);
        var data = DataFor(parse, model);
        await using var session = await EngineSession.OpenAsync(Common.Connection.Connection(parse, "client"), Common.Verbosity(parse), cancellationToken);
        await reporter.WithProgressAsync(Name, 0, async progress =>
            await session.LoadAsync(data, parse.GetValue(Common.Partitions), new LoadRelay(progress), cancellationToken));
        if (session.Executor.Dataset.DroppedRows is > 0 and var dropped)
        {
            reporter.Line($"[yellow]note:[/] dropped {dropped:N0} rows for a missing value, as the model's training did (--missing drop)");
        }

        return await ExecuteAsync(parse, reporter, model, session, cancellationToken);
    }

    /// <summary>A load's progress as the progress display takes it.</summary>
    private sealed class LoadRelay(IProgress<TrainingProgress> progress) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => progress.Report(new TrainingProgress("loading", 0, 0, double.NaN) { Load = value });
    }
}
