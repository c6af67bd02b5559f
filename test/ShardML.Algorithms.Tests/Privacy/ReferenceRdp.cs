using ShardML.Algorithms.Privacy;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>
/// The RDP of the subsampled Gaussian straight from its definition, as TF Privacy's and dp_accounting's tests compute
/// it with mpmath: log A_α = log ∫ μ₀(z)(1 − q + q e^((2z − 1)/(2σ²)))^α dz, here by adaptive quadrature in log space
/// (the integrand divided by its largest value) over cells of width σ/2 or less (an adaptive rule handed one wide
/// interval can step over a mode of width σ entirely). Independent of the series the accountant sums.
/// </summary>
internal static class ReferenceRdp
{
    public static double LogA(double q, double sigma, double alpha)
    {
        var variance = sigma * sigma;
        var logNormalizer = -Math.Log(sigma * Math.Sqrt(2 * Math.PI));
        double LogIntegrand(double z)
        {
            var u = ((2 * z) - 1) / (2 * variance);
            var a = Math.Log(1 - q);
            var b = Math.Log(q) + u;
            var mixture = Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
            return logNormalizer - (z * z / (2 * variance)) + (alpha * mixture);
        }

        // The modes are near 0 (the (1 − q)^α part) and near α (the q^α part); both lie well inside.
        var from = -60 * sigma;
        var to = alpha + (60 * sigma);
        var count = Math.Max(200, (int)Math.Ceiling(2 * (to - from) / sigma));
        var cells = Enumerable.Range(0, count + 1).Select(k => from + ((to - from) * k / count)).ToArray();
        var peak = cells.Append(0).Append(alpha).Max(LogIntegrand);
        double sum = 0;
        for (var k = 1; k < cells.Length; k++)
        {
            sum += GaussKronrod.Integrate(z => Math.Exp(LogIntegrand(z) - peak), cells[k - 1], cells[k], 1e-14);
        }

        return peak + Math.Log(sum);
    }
}
