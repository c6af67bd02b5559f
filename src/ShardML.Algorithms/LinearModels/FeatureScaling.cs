namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The affine map from raw to standardized features, x′ⱼ = (xⱼ − μⱼ) / σⱼ, and its effect on weights: a model
/// (w′, b′) on standardized features is the model wⱼ = w′ⱼ / σⱼ, b = b′ − Σⱼ w′ⱼ μⱼ / σⱼ on raw ones.
/// </summary>
/// <param name="Mean">μ, the shift (zeros for sparse data and for no standardization).</param>
/// <param name="Scale">σ, the scale (ones for no standardization; 1 for a constant feature).</param>
public sealed record FeatureScaling(double[] Mean, double[] Scale)
{
    public static FeatureScaling Identity(int dimension) =>
        new(new double[dimension], Enumerable.Repeat(1.0, dimension).ToArray());

    /// <summary>
    /// Standardization from feature statistics: σ the sample standard deviation (1 for a constant feature), μ the
    /// mean when <paramref name="centered"/> and 0 otherwise (sparse data is scaled only, so zeros stay zeros).
    /// </summary>
    public static FeatureScaling FromStatistics(Common.FeatureStatistics statistics, bool centered)
    {
        var d = statistics.Mean.Length;
        var mean = centered ? (double[])statistics.Mean.Clone() : new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var sd = statistics.StandardDeviation(j);
            scale[j] = sd > 0 ? sd : 1.0;
        }

        return new FeatureScaling(mean, scale);
    }

    public (double[] Weights, double Intercept) ToRaw(double[] scaledWeights, double scaledIntercept)
    {
        var weights = new double[scaledWeights.Length];
        var intercept = scaledIntercept;
        for (var j = 0; j < weights.Length; j++)
        {
            weights[j] = scaledWeights[j] / Scale[j];
            intercept -= weights[j] * Mean[j];
        }

        return (weights, intercept);
    }
}
