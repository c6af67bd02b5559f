namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The privacy loss random variable of one step of the Poisson-subsampled Gaussian mechanism (Gopi, Lee &amp;
/// Wutschitz 2021, "Numerical Composition of Differential Privacy", Propositions B1 and B4; Opacus'
/// <c>PoissonSubsampledGaussianPRV</c>): Y = log((1 − q) + q·e^((2X − 1)/(2σ²))) with X ∼ (1 − q)N(0, σ²) + qN(1, σ²).
/// Its support is t &gt; log(1 − q), where with z = log((eᵗ + q − 1)/q) the survival function is
/// S(t) = 1 − F(t) = (q/2)·erfc((2zσ² − 1)/(2√2σ)) + ((1 − q)/2)·erfc((2zσ² + 1)/(2√2σ)). Both are given: F is
/// accurate where it is small and S where F is near 1, which is the tail that decides δ.
/// </summary>
internal sealed class PoissonSubsampledGaussianPrv(double sampleRate, double noiseMultiplier)
{
    private readonly double _lowest = Math.Log(1 - sampleRate);

    private readonly double _variance = noiseMultiplier * noiseMultiplier;

    private readonly double _scale = 2 * Math.Sqrt(2) * noiseMultiplier;

    public double SampleRate => sampleRate;

    public double NoiseMultiplier => noiseMultiplier;

    /// <summary>F(t), as Opacus computes it: 1 − S(t).</summary>
    public double Cdf(double t) => t > _lowest ? 1.0 - Survival(t) : 0;

    public double Survival(double t)
    {
        if (!(t > _lowest))
        {
            return 1;
        }

        var q = sampleRate;
        var z = Math.Log((Math.Exp(t) + q - 1) / q);
        return (q * ErrorFunction.Erfc(((2 * z * _variance) - 1) / _scale) / 2)
            + ((1 - q) * ErrorFunction.Erfc(((2 * z * _variance) + 1) / _scale) / 2);
    }
}
