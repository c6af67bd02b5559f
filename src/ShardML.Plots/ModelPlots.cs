using ShardML.Algorithms.Models.Diagnostics;

namespace ShardML.Plots;

/// <summary>
/// Draws every plot a model's diagnostics support (<see cref="ShardML.Algorithms.Models.TrainedModel.DiagnoseAsync"/>),
/// each as a PNG and an SVG of 800 × 600 pixels: <c>loss</c> for every model trained over more than one iteration; <c>confusion</c> for classifiers and
/// <c>roc</c> and <c>precision-recall</c> for binary ones; <c>predicted-vs-actual</c> and <c>residuals</c> for
/// regressions; <c>clusters</c> for K-means.
/// </summary>
public static class ModelPlots
{
    /// <summary>Writes the plots into <paramref name="directory"/> (created if missing) and returns the files written.</summary>
    public static IReadOnlyList<string> Write(ModelDiagnostics diagnostics, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        if (diagnostics.LossHistory.Length > 1) // one value (the normal equations, naive Bayes) is no curve
        {
            files.AddRange(PlotFile.Save(LossPlot.Build(diagnostics.LossName, diagnostics.LossHistory), directory, "loss"));
        }

        if (diagnostics.Confusion is { } confusion)
        {
            files.AddRange(PlotFile.Save(ConfusionPlot.Build(confusion), directory, "confusion"));
        }

        if (diagnostics.Curves is { } curves && diagnostics.PositiveClass is { } positive)
        {
            files.AddRange(PlotFile.Save(RocPlot.Build(curves, positive), directory, "roc"));
            files.AddRange(PlotFile.Save(PrecisionRecallPlot.Build(curves, positive), directory, "precision-recall"));
        }

        if (diagnostics.Regression is { Actual.Length: > 0 } regression)
        {
            files.AddRange(PlotFile.Save(RegressionPlots.PredictedVersusActual(regression), directory, "predicted-vs-actual"));
            files.AddRange(PlotFile.Save(RegressionPlots.Residuals(regression), directory, "residuals"));
        }

        if (diagnostics.Clusters is { X.Length: > 0 } clusters)
        {
            files.AddRange(PlotFile.Save(ClusterPlot.Build(clusters), directory, "clusters"));
        }

        return files;
    }
}
