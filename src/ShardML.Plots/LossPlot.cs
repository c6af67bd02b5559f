using ScottPlot;

namespace ShardML.Plots;

/// <summary>
/// The training loss per iteration. When every value is positive and they span more than two decades, the y axis is
/// logarithmic (the values are plotted as log₁₀ and the ticks labelled with the values), so a long tail stays visible.
/// </summary>
internal static class LossPlot
{
    public static Plot Build(string lossName, double[] history)
    {
        var plot = new Plot();
        var iterations = Enumerable.Range(1, history.Length).Select(i => (double)i).ToArray();
        var logarithmic = history.Length > 1 && history.All(v => v > 0) && history.Max() / history.Min() > 100;
        var values = logarithmic ? history.Select(Math.Log10).ToArray() : history;
        var line = plot.Add.Scatter(iterations, values);
        line.MarkerSize = history.Length > 60 ? 0 : 5;
        line.LineWidth = 2;
        line.Color = Colors.C0;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (logarithmic)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = y => Label(Math.Pow(10, y)),
                IntegerTicksOnly = true,
            };
        }

        plot.Title($"Training {lossName} ({history.Length} iterations, final {history[^1].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)})");
        plot.XLabel("iteration");
        plot.YLabel(logarithmic ? $"{lossName} (log scale)" : lossName);
        return plot;
    }

    private static string Label(double value) =>
        value.ToString(value is >= 1 and < 1e7 ? "#,0" : "G3", System.Globalization.CultureInfo.InvariantCulture);
}
