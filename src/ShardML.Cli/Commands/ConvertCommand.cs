using System.CommandLine;
using ShardML.Cli.Output;
using ShardML.Core.Data;
using ShardML.Core.Data.Shard;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml convert</c>: a CSV or Parquet dataset to the binary partition format (<c>.shard</c>), which loads at page-cache speed.</summary>
internal sealed class ConvertCommand : ShardCommand
{
    private readonly CommonOptions _common;
    private readonly Option<FileInfo> _out = new("--out", "-o") { Description = "The .shard file to write", Required = true };
    private readonly Option<bool> _noLabel = new("--no-label") { Description = "Every column is a feature (unsupervised data); by default the last column, or --label, is the label" };
    private readonly Option<bool> _classes = new("--classes")
    {
        Description = "The label names classes: keep its text as class names even when it is numeric (a label that is not a number always does)",
    };

    public ConvertCommand(CommonOptions common)
        : base("convert", "Convert a CSV or Parquet dataset to ShardML's binary partition format (.shard).", common.Json)
    {
        _common = common;
        common.AddDataTo(this);
        Options.Add(common.Partitions);
        Options.Add(_out);
        Options.Add(_noLabel);
        Options.Add(_classes);
        Options.Add(common.Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var label = parse.GetValue(_common.Label);
        var noLabel = parse.GetValue(_noLabel);
        if (noLabel && label is not null)
        {
            throw new UsageException("--label and --no-label contradict each other");
        }

        OutputPath.Check("--out", parse.GetRequiredValue(_out), ("--data", parse.GetValue(_common.Data)));
        var partitions = parse.GetValue(_common.Partitions) ?? (2 * Environment.ProcessorCount);
        if (partitions is < 1 or > DatasetPlanner.MaximumPartitions)
        {
            throw new UsageException($"--partitions must be between 1 and {DatasetPlanner.MaximumPartitions:N0}");
        }

        var options = _common.DataOptions(parse) with
        {
            HasLabel = !noLabel,
            CategoricalLabel = parse.GetValue(_classes),
        };
        ShardConversion result;
        try
        {
            result = await ShardFileConverter.ConvertAsync(options, parse.GetRequiredValue(_out).FullName, partitions, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException)
        {
            throw new OutputWriteException($"could not convert to {parse.GetRequiredValue(_out).FullName}: {e.Message}; nothing was left there", e);
        }

        if (reporter.Json)
        {
            reporter.Document(new { command = "convert", data = options.Path, output = result.Path, result.Rows, result.Features, result.HasLabels, result.LabelVocabulary, result.Bytes, result.Seconds });
        }

        var labelText = result.LabelVocabulary is { } classes ? $" and a label of {classes.Count} classes" : result.HasLabels ? " and a label" : string.Empty;
        reporter.Line($"wrote {result.Rows:N0} rows × {result.Features} features{labelText} to [green]{Markup.Escape(result.Path)}[/] ({result.Bytes / 1e6:F1} MB, {result.Seconds:F2} s)");
        return ExitCodes.Success;
    }
}
