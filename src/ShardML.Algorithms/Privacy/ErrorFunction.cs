using MathNet.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// erfc and log erfc. erfc is MathNet's (Boost's rational approximations, full relative precision down to the
/// smallest normal double, x ≈ 26.5); past x = 20 log erfc uses the asymptotic series
/// erfc x = e^(−x²)/(x√π) · Σₖ (−1)ᵏ (2k − 1)!!/(2x²)ᵏ, as scipy's <c>log_ndtr</c> (which Opacus' <c>_log_erfc</c>
/// calls) does past the same point, so it stays finite where erfc underflows.
/// </summary>
internal static class ErrorFunction
{
    private const double AsymptoticFrom = 20;

    private static readonly double HalfLogPi = 0.5 * Math.Log(Math.PI);

    public static double Erfc(double x) => SpecialFunctions.Erfc(x);

    public static double LogErfc(double x)
    {
        if (x < AsymptoticFrom)
        {
            return Math.Log(SpecialFunctions.Erfc(x));
        }

        // At x ≥ 20 the terms fall by at least (2k − 1)/800 each; a dozen reach the last bit.
        var inverse = 1 / (2 * x * x);
        double term = 1, sum = 1;
        for (var k = 1; k < 40 && Math.Abs(term) > 1e-17; k++)
        {
            term *= -(2 * k - 1) * inverse;
            sum += term;
        }

        return -(x * x) - Math.Log(x) - HalfLogPi + Math.Log(sum);
    }
}
