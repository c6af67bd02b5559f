using ScottPlot;
using ShardML.Core.Metrics;

namespace ShardML.Plots;

/// <summary>The ROC curve of a binary classifier with the chance diagonal; the area in the title.</summary>
internal static class RocPlot
{
    public static Plot Build(ScoreCurves curves, string positiveClass)
    {
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.Color = Colors.Gray;
        var roc = plot.Add.Scatter(curves.FalsePositiveRates, curves.TruePositiveRates);
        roc.MarkerSize = 0;
        roc.LineWidth = 2;
        roc.Color = Colors.C0;
        plot.Title($"ROC, positive class '{positiveClass}' (AUC {Area(curves).ToString("F4", System.Globalization.CultureInfo.InvariantCulture)})");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        return plot;
    }

    /// <summary>The trapezoidal area, which is the histogram's AUC with ties counted half.</summary>
    private static double Area(ScoreCurves curves)
    {
        double area = 0;
        for (var k = 1; k < curves.Thresholds.Length; k++)
        {
            area += (curves.FalsePositiveRates[k] - curves.FalsePositiveRates[k - 1]) * (curves.TruePositiveRates[k] + curves.TruePositiveRates[k - 1]) / 2;
        }

        return area;
    }
}
