namespace ShardML.Algorithms.LinearRegression;

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
