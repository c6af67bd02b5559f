using ScottPlot;

namespace ShardML.Plots;

/// <summary>Saves a plot as PNG and SVG of one size, so the two files show the same picture.</summary>
internal static class PlotFile
{
    public const int Width = 800;

    public const int Height = 600;

    public static IEnumerable<string> Save(Plot plot, string directory, string name)
    {
        var png = Path.Combine(directory, name + ".png");
        var svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
