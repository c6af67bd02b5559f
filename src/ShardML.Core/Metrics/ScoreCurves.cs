namespace ShardML.Core.Metrics;

/// <summary>
/// The ROC and precision–recall curves of a binary classifier, from its score histogram
/// (<see cref="ScoreHistogram.Curves"/>): one point per threshold, from the highest (nothing predicted positive) down
/// to the lowest (everything positive). A threshold is a bin's lower edge, so the curves are exact at every bin
/// boundary and rows within one bin (0.2 % of a score's magnitude) move together.
/// </summary>
/// <param name="Thresholds">Rows scoring at least this are predicted positive; +∞ first.</param>
/// <param name="FalsePositiveRates">FP / negatives at each threshold.</param>
/// <param name="TruePositiveRates">TP / positives (the recall) at each threshold.</param>
/// <param name="Precisions">TP / (TP + FP) at each threshold; 1 where nothing is predicted positive yet.</param>
/// <param name="Positives">Rows of the positive class.</param>
/// <param name="Negatives">Rows of the other class.</param>
public sealed record ScoreCurves(double[] Thresholds, double[] FalsePositiveRates, double[] TruePositiveRates, double[] Precisions, long Positives, long Negatives)
{
    /// <summary>The average precision: Σ (Rₖ − Rₖ₋₁) Pₖ over the thresholds, as scikit-learn defines it.</summary>
    public double AveragePrecision
    {
        get
        {
            double sum = 0;
            for (var k = 1; k < Thresholds.Length; k++)
            {
                sum += (TruePositiveRates[k] - TruePositiveRates[k - 1]) * Precisions[k];
            }

            return sum;
        }
    }
}
