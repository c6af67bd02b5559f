using MathNet.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The analytic Gaussian mechanism (Balle &amp; Wang, "Improving the Gaussian Mechanism for Differential Privacy", ICML
/// 2018): the smallest σ for which adding N(0, σ²) to a query of L2 sensitivity Δ is (ε, δ)-DP, from the exact condition
/// of their Theorem 8, δ(σ) = Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ), solved for σ by their Algorithm 1 (a doubling
/// search then bisection on s, with σ = αΔ/√(2ε)). Tighter than the classical √(2 ln(1.25/δ))·Δ/ε, and valid for any ε.
/// </summary>
public static class AnalyticGaussian
{
    /// <summary>σ for sensitivity <paramref name="sensitivity"/> at (<paramref name="epsilon"/>, <paramref name="delta"/>).</summary>
    public static double Sigma(double epsilon, double delta, double sensitivity, double tolerance = 1e-9)
    {
        if (!(epsilon > 0) || !(delta > 0 && delta < 1) || !(sensitivity > 0))
        {
            throw new ArgumentException("the analytic Gaussian mechanism needs ε > 0, 0 < δ < 1 and a sensitivity > 0");
        }

        var threshold = CaseA(epsilon, 0);
        double alpha;
        if (delta == threshold)
        {
            alpha = 1;
        }
        else
        {
            var above = delta > threshold;
            Func<double, double> deltaOf = above ? s => CaseA(epsilon, s) : s => CaseB(epsilon, s);
            Func<double, bool> reached = above ? s => deltaOf(s) >= delta : s => deltaOf(s) <= delta;
            double low = 0, high = 1;
            for (var doublings = 0; !reached(high); doublings++)
            {
                if (doublings > 2000 || double.IsNaN(deltaOf(high)))
                {
                    throw new ArgumentException($"the analytic Gaussian mechanism cannot be calibrated at ε = {epsilon:G4}, δ = {delta:G4}");
                }

                low = high;
                high *= 2;
            }

            // Bisect to a relative tolerance, then take the bracket's end on the safe side: δ(s) grows with s in case A
            // (σ shrinks) and falls in case B (σ grows), so low (A) or high (B) never gives more than δ.
            for (var i = 0; i < 200 && high - low > 1e-14 * Math.Max(1, high); i++)
            {
                var middle = low + ((high - low) / 2);
                if (above ? deltaOf(middle) > delta : deltaOf(middle) < delta)
                {
                    high = middle;
                }
                else
                {
                    low = middle;
                }

                if (Math.Abs(deltaOf(middle) - delta) <= tolerance * delta)
                {
                    break;
                }
            }

            var s = above ? low : high;
            alpha = above ? Math.Sqrt(1 + (s / 2)) - Math.Sqrt(s / 2) : Math.Sqrt(1 + (s / 2)) + Math.Sqrt(s / 2);
        }

        return alpha * sensitivity / Math.Sqrt(2 * epsilon);
    }

    /// <summary>The δ the mechanism with deviation <paramref name="sigma"/> gives at ε (Theorem 8), to check a calibration.</summary>
    public static double Delta(double epsilon, double sigma, double sensitivity) =>
        Phi((sensitivity / (2 * sigma)) - (epsilon * sigma / sensitivity)) - ScaledTail(epsilon, (sensitivity / (2 * sigma)) + (epsilon * sigma / sensitivity));

    private static double CaseA(double epsilon, double s) => Phi(Math.Sqrt(epsilon * s)) - ScaledTail(epsilon, Math.Sqrt(epsilon * (s + 2)));

    private static double CaseB(double epsilon, double s) => Phi(-Math.Sqrt(epsilon * s)) - ScaledTail(epsilon, Math.Sqrt(epsilon * (s + 2)));

    /// <summary>e^ε Φ(−y), in log space so a large ε does not overflow: exp(ε + ln ½ + ln erfc(y/√2)).</summary>
    private static double ScaledTail(double epsilon, double y) => Math.Exp(epsilon + Math.Log(0.5) + ErrorFunction.LogErfc(y / Math.Sqrt(2)));

    /// <summary>The standard normal CDF.</summary>
    private static double Phi(double t) => 0.5 * SpecialFunctions.Erfc(-t / Math.Sqrt(2));
}
