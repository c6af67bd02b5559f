namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Rényi DP of one step of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019, "Rényi
/// Differential Privacy of the Sampled Gaussian Mechanism", §3.3), computed as Opacus'
/// <c>opacus/accountants/analysis/rdp.py</c> (from TF Privacy's <c>rdp_accountant.py</c>) does.
/// <para>
/// With μ₀ = N(0, σ²), μ₁ = N(1, σ²) and μ = (1 − q)μ₀ + qμ₁, the RDP at order α is
/// ε(α) = log A_α / (α − 1), A_α = E_{z∼μ₀}[(μ(z)/μ₀(z))^α]. For integer α the binomial expansion is finite:
/// A_α = Σᵢ₌₀^α C(α, i) (1 − q)^(α−i) qⁱ exp((i² − i)/(2σ²)). For fractional α the integral is split at
/// z₀ = σ² log(1/q − 1) + ½, where qμ₁/μ₀ crosses 1 − q, and each half expanded in the series that converges
/// there, with signed (generalized) binomial coefficients and erfc for the Gaussian tails; terms are summed in log
/// space (<see cref="LogSpace"/>) until both fall below e⁻³⁰. q = 1 is the plain Gaussian, α/(2σ²).
/// </para>
/// <para>
/// The signed series is exact (TF Privacy checked it against multi-precision integration); dp_accounting now sums
/// |C(α, i)| instead, an upper bound, so its RDP at fractional orders is slightly larger. Cost: α + 1 terms at an
/// integer order; at a fractional one as many as the series needs, more for small σ and large q; an order whose
/// series does not settle within <see cref="MaximumTerms"/> terms, or whose signed sum
/// loses all its digits, gets ε(α) = ∞ and so never yields ε.
/// </para>
/// </summary>
public static class SubsampledGaussianRdp
{
    /// <summary>The largest order accepted: the integer expansion has α + 1 terms.</summary>
    public const double MaximumOrder = 1e6;

    internal const int MaximumTerms = 100_000;

    private const double NegligibleLogTerm = -30;

    private static readonly double LogHalf = Math.Log(0.5);

    /// <summary>The RDP of <paramref name="steps"/> steps at each order: steps · ε(α), since RDP composes by addition.</summary>
    public static double[] Compute(double sampleRate, double noiseMultiplier, long steps, IReadOnlyList<double> orders)
    {
        new MechanismEntry(noiseMultiplier, sampleRate, steps).Validate();
        var rdp = new double[orders.Count];
        for (var k = 0; k < rdp.Length; k++)
        {
            rdp[k] = steps * AtOrder(sampleRate, noiseMultiplier, orders[k]);
        }

        return rdp;
    }

    /// <summary>ε(α) of one step.</summary>
    public static double AtOrder(double sampleRate, double noiseMultiplier, double order)
    {
        new MechanismEntry(noiseMultiplier, sampleRate, 1).Validate();
        CheckOrder(order);
        var variance = noiseMultiplier * noiseMultiplier;
        if (sampleRate == 1)
        {
            return order / (2 * variance);
        }

        var logA = order == Math.Floor(order)
            ? LogAInteger(sampleRate, variance, (int)order)
            : LogAFractional(sampleRate, noiseMultiplier, order);
        // A_α ≥ 1, so log A_α ≥ 0; a rounding below zero is a divergence too small to represent.
        return Math.Max(0, logA / (order - 1));
    }

    internal static void CheckOrder(double order)
    {
        if (!(order > 1 && order <= MaximumOrder))
        {
            throw new ArgumentException($"a Rényi order must be in (1, {MaximumOrder:g}], not {order:R}");
        }
    }

    /// <summary>log A_α = log Σᵢ C(α, i) (1 − q)^(α−i) qⁱ e^((i² − i)/(2σ²)), all terms positive.</summary>
    private static double LogAInteger(double q, double variance, int alpha)
    {
        var logQ = Math.Log(q);
        var log1MinusQ = LogSpace.Log1P(-q);
        var logA = double.NegativeInfinity;
        double logBinomial = 0;
        for (var i = 0; i <= alpha; i++)
        {
            if (i > 0)
            {
                logBinomial += Math.Log((alpha - i + 1) / (double)i);
            }

            var term = logBinomial + (i * logQ) + ((alpha - i) * log1MinusQ) + (((double)i * i) - i) / (2 * variance);
            logA = LogSpace.Add(logA, term);
        }

        return logA;
    }

    /// <summary>
    /// log A_α = log(A₀ + A₁), the halves below and above z₀:
    /// A₀ = Σᵢ C(α, i) qⁱ (1 − q)^(α−i) e^((i² − i)/(2σ²)) ½erfc((i − z₀)/(√2σ)) and A₁ the same with
    /// i ↔ j = α − i in the powers and ½erfc((z₀ − j)/(√2σ)). C(α, i) changes sign for i &gt; α + 1, so the sums
    /// subtract; a term larger than what it is subtracted from means rounding has eaten the sum: ∞.
    /// </summary>
    private static double LogAFractional(double q, double sigma, double alpha)
    {
        var variance = sigma * sigma;
        var logQ = Math.Log(q);
        var log1MinusQ = LogSpace.Log1P(-q);
        var z0 = (variance * Math.Log((1 / q) - 1)) + 0.5;
        var scale = Math.Sqrt(2) * sigma;
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double logCoefficient = 0;
        var positive = true;
        for (var i = 0; i < MaximumTerms; i++)
        {
            if (i > 0)
            {
                var ratio = (alpha - i + 1) / i;
                positive ^= ratio < 0;
                logCoefficient += Math.Log(Math.Abs(ratio));
            }

            var j = alpha - i;
            var logT0 = logCoefficient + (i * logQ) + (j * log1MinusQ);
            var logT1 = logCoefficient + (j * logQ) + (i * log1MinusQ);
            var logE0 = LogHalf + ErrorFunction.LogErfc((i - z0) / scale);
            var logE1 = LogHalf + ErrorFunction.LogErfc((z0 - j) / scale);
            var logS0 = logT0 + ((((double)i * i) - i) / (2 * variance)) + logE0;
            var logS1 = logT1 + (((j * j) - j) / (2 * variance)) + logE1;
            if (positive)
            {
                logA0 = LogSpace.Add(logA0, logS0);
                logA1 = LogSpace.Add(logA1, logS1);
            }
            else
            {
                logA0 = LogSpace.Subtract(logA0, logS0);
                logA1 = LogSpace.Subtract(logA1, logS1);
                if (double.IsNaN(logA0) || double.IsNaN(logA1))
                {
                    return double.PositiveInfinity;
                }
            }

            if (Math.Max(logS0, logS1) < NegligibleLogTerm)
            {
                return LogSpace.Add(logA0, logA1);
            }
        }

        return double.PositiveInfinity;
    }
}
