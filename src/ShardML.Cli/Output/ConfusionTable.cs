using ShardML.Algorithms.Models;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>A confusion matrix for people: one row per actual class, one column per predicted class.</summary>
internal static class ConfusionTable
{
    public static Table Build(ConfusionReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("confusion matrix (rows: actual, columns: predicted)")
            .AddColumn(new TableColumn("actual \\ predicted"));
        foreach (var name in report.Classes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        for (var a = 0; a < report.Classes.Length; a++)
        {
            var cells = new List<string> { Markup.Escape(report.Classes[a]) };
            cells.AddRange(report.Counts[a].Select((count, p) => p == a ? $"[green]{count:N0}[/]" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
            table.AddRow([.. cells]);
        }

        return table;
    }
}
