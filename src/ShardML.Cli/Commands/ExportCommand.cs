using System.CommandLine;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.Models;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml export</c>: writes a model in a format other tools run. ONNX (<see cref="OnnxExport"/>) is the one format:
/// input <c>features</c> (float, one row per example, the model's features in order), outputs named by the model kind.
/// </summary>
internal sealed class ExportCommand : ShardCommand
{
    private readonly Option<FileInfo> _model = new("--model", "-m") { Description = "The model file written by train --out", Required = true };

    private readonly Option<string> _format = new Option<string>("--format") { Description = "The format to write", DefaultValueFactory = _ => "onnx" }
        .AcceptOnlyFromAmong("onnx");

    private readonly Option<FileInfo> _out = new("--out", "-o") { Description = "Where to write the exported model", Required = true };

    public ExportCommand(CommonOptions common)
        : base("export", "Write a trained model as ONNX, preprocessing included, for ONNX Runtime, ML.NET and other runtimes.", common.Json)
    {
        Options.Add(_model);
        Options.Add(_format);
        Options.Add(_out);
        Options.Add(common.Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var input = parse.GetRequiredValue(_model);
        var output = parse.GetRequiredValue(_out);
        OutputPath.Check("--out", output, ("--model", input));
        var model = await ModelFile.LoadAsync(input.FullName, cancellationToken);
        await OnnxExport.SaveAsync(model, output.FullName, cancellationToken);
        var bytes = new FileInfo(output.FullName).Length;
        if (reporter.Json)
        {
            reporter.Document(new { command = "export", format = "onnx", output = output.FullName, bytes, input = OnnxExport.InputName, features = model.FeatureNames.Length });
        }

        reporter.Line($"wrote [green]{Markup.Escape(output.FullName)}[/] (ONNX, {bytes:N0} bytes; input '{OnnxExport.InputName}': float [[N, {model.FeatureNames.Length}]])");
        return ExitCodes.Success;
    }
}
