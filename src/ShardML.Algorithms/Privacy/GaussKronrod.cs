namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Adaptive 15-point Gauss–Kronrod quadrature (Piessens et al. 1983, QUADPACK's QK15 rule): an interval whose
/// Kronrod and embedded 7-point Gauss estimates differ by more than the tolerance is halved. |K₁₅ − G₇| bounds the
/// error of G₇, so the K₁₅ sum kept is far closer than the tolerance for a smooth integrand. A difference at the
/// level of rounding (50 ulps of ∫|f| on the interval, QUADPACK's test) is accepted too, and at most
/// <see cref="MaximumIntervals"/> intervals are looked at, so a tolerance that rounding cannot meet still ends.
/// Cost: 15 evaluations per interval looked at.
/// </summary>
internal static class GaussKronrod
{
    private const int MaximumDepth = 50;

    private const int MaximumIntervals = 1 << 16;

    private const double RoundingLevel = 50 * 2.220446049250313e-16;

    private static readonly double[] Nodes =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
        0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ];

    private static readonly double[] KronrodWeights =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
        0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    /// <summary>The Gauss weights of the odd-indexed nodes (1, 3, 5, and 0 at index 7).</summary>
    private static readonly double[] GaussWeights =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ];

    /// <summary>∫ₐᵇ f, each accepted piece within <paramref name="tolerance"/> per unit length or relative to itself.</summary>
    public static double Integrate(Func<double, double> f, double a, double b, double tolerance = 1e-12)
    {
        if (!(b > a))
        {
            return 0;
        }

        double total = 0;
        var pending = new Stack<(double A, double B, int Depth)>();
        pending.Push((a, b, 0));
        var looked = 0;
        while (pending.Count > 0)
        {
            var (left, right, depth) = pending.Pop();
            var (kronrod, gauss, absolute) = Rule(f, left, right);
            var error = Math.Abs(kronrod - gauss);
            if (++looked + pending.Count >= MaximumIntervals || depth >= MaximumDepth
                || error <= Math.Max(tolerance * Math.Max(right - left, Math.Abs(kronrod)), RoundingLevel * absolute))
            {
                total += kronrod;
                continue;
            }

            var middle = 0.5 * (left + right);
            pending.Push((middle, right, depth + 1));
            pending.Push((left, middle, depth + 1));
        }

        return total;
    }

    /// <summary>K₁₅, G₇ and K₁₅ of |f| on [a, b].</summary>
    private static (double Kronrod, double Gauss, double Absolute) Rule(Func<double, double> f, double a, double b)
    {
        var center = 0.5 * (a + b);
        var half = 0.5 * (b - a);
        var middle = f(center);
        var kronrod = KronrodWeights[7] * middle;
        var gauss = GaussWeights[3] * middle;
        var absolute = KronrodWeights[7] * Math.Abs(middle);
        for (var k = 0; k < 7; k++)
        {
            var offset = half * Nodes[k];
            var (low, high) = (f(center - offset), f(center + offset));
            kronrod += KronrodWeights[k] * (low + high);
            absolute += KronrodWeights[k] * (Math.Abs(low) + Math.Abs(high));
            if (k % 2 == 1)
            {
                gauss += GaussWeights[k / 2] * (low + high);
            }
        }

        return (kronrod * half, gauss * half, absolute * half);
    }
}
