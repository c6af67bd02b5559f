using ShardML.Algorithms.Models;
using ShardML.Core.Execution;
using ShardML.Plots;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>Computes a model's diagnostics on the loaded data (library passes), draws them (ShardML.Plots) and says what was written.</summary>
internal static class PlotReport
{
    public static async Task<IReadOnlyList<string>> WriteAsync(Reporter reporter, TrainedModel model, IPartitionExecutor executor, string directory, CancellationToken cancellationToken)
    {
        var diagnostics = await model.DiagnoseAsync(executor, cancellationToken);
        var files = ModelPlots.Write(diagnostics, directory);
        var names = files.Select(Path.GetFileNameWithoutExtension).Distinct(StringComparer.Ordinal);
        reporter.Line($"wrote {files.Count} plot files to [green]{Markup.Escape(directory)}[/]: {Markup.Escape(string.Join(", ", names))} (PNG and SVG)");
        return files;
    }
}
