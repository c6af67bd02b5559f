namespace ShardML.Algorithms.Privacy;

/// <summary>
/// A privacy loss random variable conditioned on [t_min, t_max): F_T(t) = (F(t) − F(t_min))/(F(t_max) − F(t_min))
/// inside, 0 below, 1 from t_max on. The mass cut off is accounted for in the domain size (Gopi et al. 2021, §5).
/// </summary>
internal sealed class TruncatedPrv
{
    private const int LogSpacedPoints = 10;

    private readonly PoissonSubsampledGaussianPrv _prv;

    private readonly double _cdfAtMin;

    private readonly double _survivalAtMax;

    private readonly double _remainingMass;

    public TruncatedPrv(PoissonSubsampledGaussianPrv prv, double tMin, double tMax)
    {
        _prv = prv;
        TMin = tMin;
        TMax = tMax;
        _cdfAtMin = prv.Cdf(tMin);
        _survivalAtMax = prv.Survival(tMax);
        _remainingMass = prv.Cdf(tMax) - _cdfAtMin;
    }

    public double TMin { get; }

    public double TMax { get; }

    public double Cdf(double t) => t < TMin ? 0 : t < TMax ? (_prv.Cdf(t) - _cdfAtMin) / _remainingMass : 1.0;

    /// <summary>1 − F_T(t) = (S(t) − S(t_max))/(F(t_max) − F(t_min)) inside, without the cancellation of 1 − F_T.</summary>
    public double Survival(double t) => t < TMin ? 1.0 : t < TMax ? (_prv.Survival(t) - _survivalAtMax) / _remainingMass : 0;

    /// <summary>
    /// E[T] = ∫ t dF_T, integrated by parts on each piece [a, b]: b·F(b) − a·F(a) − ∫ₐᵇ F. The pieces are Opacus':
    /// t_min, −10^e … −10⁻⁵ and 10⁻⁵ … 10^e' (ten log-spaced points each, e and e' the integer parts of log₁₀|t_min|
    /// and log₁₀ t_max), 0 and t_max, so the quadrature sees the variable's scale near 0, where a small q puts it.
    /// </summary>
    public double Mean()
    {
        var lower = (int)Math.Log10(Math.Abs(TMin));
        var upper = (int)Math.Log10(TMax);
        var points = new List<double> { TMin };
        points.AddRange(LogSpace10(lower, -5).Select(p => -p));
        points.Add(0);
        points.AddRange(LogSpace10(-5, upper));
        points.Add(TMax);

        double mean = 0;
        for (var k = 1; k < points.Count; k++)
        {
            var (left, right) = (points[k - 1], points[k]);
            var integral = GaussKronrod.Integrate(Cdf, left, right);
            mean += (right * Cdf(right)) - (left * Cdf(left)) - integral;
        }

        return mean;
    }

    /// <summary>numpy's <c>logspace(start, stop, 10)</c>: 10^(start + k(stop − start)/9).</summary>
    private static IEnumerable<double> LogSpace10(int start, int stop) =>
        Enumerable.Range(0, LogSpacedPoints).Select(k => Math.Pow(10, k == LogSpacedPoints - 1 ? stop : start + (k * (stop - start) / (double)(LogSpacedPoints - 1))));
}
