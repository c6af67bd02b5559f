using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// What a classifier's evaluation step counts per row, whatever the model: the confusion matrix; for a binary problem
/// the histogram of the positive class's score behind ROC AUC; and, for models with probabilities, the summed log loss
/// of the actual class.
/// </summary>
internal sealed class ClassificationCounts(LabelEncoding encoding, bool probabilistic)
{
    private readonly ConfusionMatrix _matrix = new(encoding.Classes!.Length);
    private readonly ScoreHistogramBuilder? _histogram = encoding.IsBinary ? new ScoreHistogramBuilder() : null;
    private double _logLoss;

    /// <summary>
    /// Counts one row: its <paramref name="actual"/> and <paramref name="predicted"/> class, the positive class's score
    /// (binary only), and the probability the model gave the actual class (probabilistic models only).
    /// </summary>
    public void Add(int actual, int predicted, float positiveScore, double actualProbability)
    {
        _matrix.Add(actual, predicted);
        _histogram?.Add(positiveScore, actual == encoding.PositiveClass);
        if (probabilistic)
        {
            _logLoss += LogLoss.Of(actualProbability, positive: true);
        }
    }

    /// <summary>The counts as a summary; log loss only for a probabilistic model of <paramref name="logLossForMulticlass"/> or a binary problem.</summary>
    public ClassificationEvaluation ToSummary(bool logLossForMulticlass) =>
        new(_matrix, _histogram?.ToHistogram(), _logLoss, probabilistic && (_histogram is not null || logLossForMulticlass));
}
