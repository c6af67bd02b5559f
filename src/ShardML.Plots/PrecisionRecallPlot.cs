using ScottPlot;
using ShardML.Core.Metrics;

namespace ShardML.Plots;

/// <summary>The precision–recall curve of a binary classifier, with the positive rate (a classifier guessing at random) as a baseline.</summary>
internal static class PrecisionRecallPlot
{
    public static Plot Build(ScoreCurves curves, string positiveClass)
    {
        var plot = new Plot();
        var rate = (double)curves.Positives / (curves.Positives + curves.Negatives);
        var baseline = plot.Add.HorizontalLine(rate);
        baseline.Color = Colors.Gray;
        var curve = plot.Add.Scatter(curves.TruePositiveRates[1..], curves.Precisions[1..]);
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.Color = Colors.C0;
        curve.ConnectStyle = ConnectStyle.StepVertical;
        plot.Title($"Precision-recall, positive class '{positiveClass}' (average precision {curves.AveragePrecision.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)})");
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        return plot;
    }
}
