namespace ShardML.Algorithms.Evaluation;

/// <summary>Which way a metric improves, and the metric a search ranks by when none is named.</summary>
public static class MetricDirection
{
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal) { "inertia", "rmse", "mae", "log_loss", "roc_auc_error_bound" };

    public static bool HigherIsBetter(string metric) => !LowerIsBetter.Contains(metric);

    /// <summary>The first metric a model reports (accuracy, R², inertia): what a search ranks by by default.</summary>
    public static string Default(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Keys.FirstOrDefault(k => k != "rows") ?? throw new InvalidOperationException("the model reports no metric to rank candidates by");

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="best"/> (NaN never wins; ties keep the earlier).</summary>
    public static bool Better(double candidate, double best, bool higherIsBetter) =>
        !double.IsNaN(candidate) && (double.IsNaN(best) || (higherIsBetter ? candidate > best : candidate < best));
}
