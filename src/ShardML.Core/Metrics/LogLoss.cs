namespace ShardML.Core.Metrics;

/// <summary>
/// Binary log loss (cross-entropy), −[y log p + (1 − y) log(1 − p)], with p clipped to [ε, 1 − ε], ε = 10⁻¹⁵, as
/// scikit-learn does, so one confident mistake costs about 34.5 instead of infinity. Summed per row; the mean is
/// the sum over the row count, so partitions merge by adding.
/// </summary>
public static class LogLoss
{
    public const double Epsilon = 1e-15;

    /// <summary>The loss of predicting probability <paramref name="probability"/> for the positive class.</summary>
    public static double Of(double probability, bool positive)
    {
        var p = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        return positive ? -Math.Log(p) : -Math.Log(1 - p);
    }
}
