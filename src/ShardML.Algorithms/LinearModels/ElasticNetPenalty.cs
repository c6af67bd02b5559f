namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// R(w) = λ₁ ‖w‖₁ + λ₂/2 ‖w‖₂² on the weights (never the intercept), in the coordinates the solver works in
/// (standardized when the options say so). λ₁ = 0 is ridge (L2), λ₂ = 0 is the lasso (L1), both is the elastic
/// net (Zou &amp; Hastie, 2005). The smooth L2 part goes into gradients; the L1 part is handled by each solver's own
/// means: a proximal step (SGD), truncated gradient (local SGD), orthant-wise steps (OWL-QN).
/// </summary>
/// <param name="L1">λ₁ ≥ 0.</param>
/// <param name="L2">λ₂ ≥ 0.</param>
public readonly record struct ElasticNetPenalty(double L1, double L2)
{
    /// <summary>R(w) for one output's weights.</summary>
    public double Value(ReadOnlySpan<double> weights)
    {
        double absolute = 0, squares = 0;
        foreach (var w in weights)
        {
            absolute += Math.Abs(w);
            squares += w * w;
        }

        return (L1 * absolute) + (L2 / 2 * squares);
    }

    /// <summary>
    /// The proximal map of t·λ₁‖·‖₁, soft-thresholding: wⱼ ← sign(wⱼ) max(|wⱼ| − t λ₁, 0). Exactly zero weights stay
    /// zero, which is what makes L1 models sparse.
    /// </summary>
    public void SoftThreshold(Span<double> weights, double step)
    {
        var threshold = step * L1;
        if (threshold <= 0)
        {
            return;
        }

        for (var j = 0; j < weights.Length; j++)
        {
            var w = weights[j];
            weights[j] = w > threshold ? w - threshold : w < -threshold ? w + threshold : 0;
        }
    }
}
