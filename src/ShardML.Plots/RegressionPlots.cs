using ScottPlot;
using ShardML.Algorithms.Models.Diagnostics;

namespace ShardML.Plots;

/// <summary>A regression on a sample of rows: predicted against actual values with the identity line, and residuals against predictions.</summary>
internal static class RegressionPlots
{
    public static Plot PredictedVersusActual(RegressionSample sample)
    {
        var plot = new Plot();
        var low = Math.Min(sample.Actual.Min(), sample.Predicted.Min());
        var high = Math.Max(sample.Actual.Max(), sample.Predicted.Max());
        var identity = plot.Add.Line(low, low, high, high);
        identity.Color = Colors.Gray;
        var points = plot.Add.ScatterPoints(sample.Actual, sample.Predicted);
        points.MarkerSize = 4;
        points.Color = Colors.C0.WithAlpha(0.5);
        plot.Title($"Predicted vs actual ({Sampled(sample)})");
        plot.XLabel("actual");
        plot.YLabel("predicted");
        return plot;
    }

    public static Plot Residuals(RegressionSample sample)
    {
        var plot = new Plot();
        var residuals = sample.Actual.Zip(sample.Predicted, (a, p) => a - p).ToArray();
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        var points = plot.Add.ScatterPoints(sample.Predicted, residuals);
        points.MarkerSize = 4;
        points.Color = Colors.C1.WithAlpha(0.5);
        plot.Title($"Residuals ({Sampled(sample)})");
        plot.XLabel("predicted");
        plot.YLabel("actual − predicted");
        return plot;
    }

    private static string Sampled(RegressionSample sample) =>
        sample.Actual.Length < sample.Rows
            ? $"a sample of {sample.Actual.Length:N0} of {sample.Rows:N0} rows"
            : $"{sample.Rows:N0} rows";
}
