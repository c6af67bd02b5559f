using ScottPlot;
using ShardML.Algorithms.Models.Diagnostics;

namespace ShardML.Plots;

/// <summary>K-means clusters on the first two principal components: the sampled rows coloured by cluster, the centers as crosses.</summary>
internal static class ClusterPlot
{
    public static Plot Build(ClusterProjection projection)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var k = projection.CenterX.Length;
        for (var c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, projection.Clusters.Length).Where(i => projection.Clusters[i] == c).ToArray();
            var points = plot.Add.ScatterPoints(members.Select(i => projection.X[i]).ToArray(), members.Select(i => projection.Y[i]).ToArray());
            points.MarkerSize = 4;
            points.Color = palette.GetColor(c).WithAlpha(0.55);
            points.LegendText = $"cluster {c}";
        }

        var centers = plot.Add.Markers(projection.CenterX, projection.CenterY, MarkerShape.Cross, 14, Colors.Black);
        centers.MarkerLineWidth = 3;
        centers.LegendText = "centers";
        plot.ShowLegend(Alignment.UpperRight);
        var shown = projection.X.Length < projection.Rows ? $"a sample of {projection.X.Length:N0} of {projection.Rows:N0} rows" : $"{projection.Rows:N0} rows";
        plot.Title($"{k} clusters on the first two principal components ({shown})");
        plot.XLabel($"first principal component ({Percent(projection.ExplainedVariance, 0)} of the variance)");
        plot.YLabel($"second principal component ({Percent(projection.ExplainedVariance, 1)})");
        return plot;
    }

    private static string Percent(double[] shares, int index) =>
        index < shares.Length ? shares[index].ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : "none";
}
