namespace ShardML.Algorithms.Evaluation;

/// <summary>K-fold cross-validation (<c>Folds</c>): each fold's metrics on its held-out rows, their mean and spread.</summary>
/// <param name="Folds">K.</param>
/// <param name="Seed">The split's key.</param>
/// <param name="FoldMetrics">Per fold, the metrics of the model trained on the other folds, measured on this one.</param>
/// <param name="Mean">Per metric, the mean over the folds.</param>
/// <param name="StandardDeviation">Per metric, the sample standard deviation over the folds (K − 1 in the denominator).</param>
public sealed record CrossValidationReport(
    int Folds, ulong Seed, IReadOnlyList<IReadOnlyDictionary<string, double>> FoldMetrics, IReadOnlyDictionary<string, double> Mean, IReadOnlyDictionary<string, double> StandardDeviation)
{
    /// <summary>Mean and sample standard deviation of each metric over <paramref name="folds"/>' metrics.</summary>
    public static CrossValidationReport Of(int folds, ulong seed, IReadOnlyList<IReadOnlyDictionary<string, double>> foldMetrics)
    {
        var (mean, deviation) = Spread(foldMetrics);
        return new CrossValidationReport(folds, seed, foldMetrics, mean, deviation);
    }

    /// <summary>Per metric present in every entry: the mean and the sample standard deviation (0 for a single entry).</summary>
    public static (Dictionary<string, double> Mean, Dictionary<string, double> StandardDeviation) Spread(IReadOnlyList<IReadOnlyDictionary<string, double>> metrics)
    {
        var mean = new Dictionary<string, double>(StringComparer.Ordinal);
        var deviation = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in metrics[0].Keys.Where(k => metrics.All(m => m.ContainsKey(k))))
        {
            var values = metrics.Select(m => m[name]).ToArray();
            var average = values.Average();
            mean[name] = average;
            deviation[name] = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - average) * (v - average)) / (values.Length - 1));
        }

        return (mean, deviation);
    }
}
