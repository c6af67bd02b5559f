using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Models.Diagnostics;

/// <summary>
/// The data behind a model's plots (<see cref="TrainedModel.DiagnoseAsync"/>), each part filled by the kinds it fits:
/// every model's loss curve; a classifier's confusion matrix and, binary, its ROC and precision–recall curves; a
/// regression's predicted against actual values on a sample of rows; K-means' sample of rows and its centers on the
/// first two principal components. Plotting is not the library's business: it gives the numbers.
/// </summary>
/// <param name="Algorithm">The model's JSON type name.</param>
/// <param name="LossName">What <paramref name="LossHistory"/> measures ("inertia", "objective").</param>
/// <param name="LossHistory">The training loss at each iteration, from the training summary.</param>
/// <param name="Confusion">Classifiers: the confusion matrix over the data; null otherwise.</param>
/// <param name="Curves">Binary classifiers: ROC and precision–recall curves over the data; null otherwise.</param>
/// <param name="PositiveClass">Binary classifiers: the class the curves call positive.</param>
/// <param name="Regression">Regressions: actual and predicted values of a sample of rows; null otherwise.</param>
/// <param name="Clusters">K-means: a sample of rows and the centers on two principal components; null otherwise.</param>
public sealed record ModelDiagnostics(
    string Algorithm,
    string LossName,
    double[] LossHistory,
    ConfusionReport? Confusion,
    ScoreCurves? Curves,
    string? PositiveClass,
    RegressionSample? Regression,
    ClusterProjection? Clusters)
{
    /// <summary>Rows sampled for the scatter plots: enough to see the shape, few enough to draw and to fetch.</summary>
    public const int SampleRows = 2000;

    /// <summary>The sample's seed: the same data gives the same plot.</summary>
    public const ulong SampleSeed = 42;
}
