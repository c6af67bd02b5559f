using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Output;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml inspect</c>: what a model file holds, read without a cluster — weights by feature name (largest first),
/// intercepts, classes, centers with their sizes, class statistics, preprocessing, hyperparameters and how training
/// went. The model describes itself (<see cref="TrainedModel.Describe"/>); this renders it, or prints it as JSON.
/// </summary>
internal sealed class InspectCommand : ShardCommand
{
    private readonly Option<FileInfo> _model = new("--model", "-m") { Description = "The model file written by train --out", Required = true };

    private readonly Option<int> _top = new("--top")
    {
        Description = "Weights shown per output, largest first (--json always lists every weight)",
        DefaultValueFactory = _ => 20,
    };

    public InspectCommand(CommonOptions common)
        : base("inspect", "Show what a trained model holds: weights by feature, classes, centers, preprocessing, hyperparameters, training.", common.Json)
    {
        Options.Add(_model);
        Options.Add(_top);
        Options.Add(common.Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var top = parse.GetValue(_top);
        if (top < 1)
        {
            throw new UsageException($"--top {top}: show at least one weight");
        }

        var model = await ModelFile.LoadAsync(parse.GetRequiredValue(_model).FullName, cancellationToken);
        var description = model.Describe();
        if (reporter.Json)
        {
            reporter.Document(new { command = "inspect", model = description });
            return ExitCodes.Success;
        }

        ModelDescriptionView.Write(reporter.Console, description, top);
        return ExitCodes.Success;
    }
}
