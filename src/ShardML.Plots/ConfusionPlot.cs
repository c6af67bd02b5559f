using ScottPlot;
using ShardML.Algorithms.Models;

namespace ShardML.Plots;

/// <summary>
/// The confusion matrix as a heat map: rows are the actual classes (top to bottom in class order), columns the
/// predicted ones; each cell is coloured by the share of its actual class it holds (so a rare class reads as well as a
/// common one) and labelled with its count.
/// </summary>
internal static class ConfusionPlot
{
    public static Plot Build(ConfusionReport confusion)
    {
        var k = confusion.Classes.Length;
        var shares = new double[k, k];
        for (var a = 0; a < k; a++)
        {
            var total = Math.Max(1, confusion.Counts[a].Sum());
            for (var p = 0; p < k; p++)
            {
                shares[a, p] = (double)confusion.Counts[a][p] / total;
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed(); // dark for a large share, as a confusion matrix is read
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Add.ColorBar(heatmap).Label = "share of the actual class";
        for (var a = 0; a < k; a++)
        {
            for (var p = 0; p < k; p++)
            {
                var text = plot.Add.Text(confusion.Counts[a][p].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), p, k - 1 - a);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = k > 8 ? 10 : 16;
                text.LabelFontColor = shares[a, p] > 0.5 ? Colors.White : Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, confusion.Classes);
        plot.Axes.Left.SetTicks(positions, [.. confusion.Classes.Reverse()]);
        plot.Title($"Confusion matrix ({confusion.Counts.Sum(r => r.Sum()).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} rows)");
        plot.XLabel("predicted class");
        plot.YLabel("actual class");
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        return plot;
    }
}
