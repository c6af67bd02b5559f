namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Sums and differences of positive numbers held as their logarithms (−∞ stands for 0), as Opacus' and TF Privacy's
/// <c>_log_add</c> and <c>_log_sub</c>, and the log1p and expm1 they rest on: .NET's <c>double.LogP1</c> and
/// <c>double.ExpM1</c> compute log(1 + x) and exp(x) − 1 as written, which lose every digit of a tiny x.
/// </summary>
internal static class LogSpace
{
    /// <summary>log(eˣ + eʸ) = max + log1p(e^(min − max)).</summary>
    public static double Add(double logX, double logY)
    {
        var (low, high) = logX < logY ? (logX, logY) : (logY, logX);
        return double.IsNegativeInfinity(low) ? high : Log1P(Math.Exp(low - high)) + high;
    }

    /// <summary>log(eˣ − eʸ) = y + log(expm1(x − y)) for x ≥ y; NaN when x &lt; y (the difference would be negative).</summary>
    public static double Subtract(double logX, double logY)
    {
        if (logX < logY)
        {
            return double.NaN;
        }

        if (double.IsNegativeInfinity(logY))
        {
            return logX;
        }

        if (logX == logY)
        {
            return double.NegativeInfinity;
        }

        var difference = ExpM1(logX - logY);
        return double.IsPositiveInfinity(difference) ? logX : Math.Log(difference) + logY; // eʸ is negligible next to eˣ
    }

    /// <summary>log(1 + x) to a few ulps (Goldberg 1991, Theorem 4): the rounding of 1 + x cancels in log(u)·x/(u − 1).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return double.IsPositiveInfinity(u) ? Math.Log(x) : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>eˣ − 1 to a few ulps (Kahan's trick): (u − 1)·x/log(u) with u = eˣ.</summary>
    public static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }
}
