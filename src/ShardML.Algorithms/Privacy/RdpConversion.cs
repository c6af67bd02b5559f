namespace ShardML.Algorithms.Privacy;

/// <summary>
/// From RDP to (ε, δ): Balle, Barthe, Gaboardi, Hsu &amp; Sato 2020, "Hypothesis Testing Interpretations and Rényi
/// Differential Privacy", Theorem 21: an (α, r)-RDP mechanism is (ε, δ)-DP with
/// ε = r + log(1 − 1/α) − (log δ + log α)/(α − 1), minimized over the orders. This is the conversion of Opacus'
/// <c>get_privacy_spent</c> and dp_accounting's <c>compute_epsilon</c>, tighter than Mironov's ε = r − log δ/(α − 1)
/// by log(α)/(α − 1) − log(1 − 1/α). As dp_accounting (and unlike Opacus) it never returns ε &lt; 0, and an order
/// whose r is so small that δ ≥ √(1 − e^(−r)) (Pinsker's bound through the KL divergence) gives ε = 0.
/// Orders at or below 1.01, where the bound is numerically unstable, give ∞. Cost O(orders).
/// </summary>
public static class RdpConversion
{
    /// <summary>The smallest ε over the orders at <paramref name="delta"/> and the order that gave it (null when ε = ∞).</summary>
    public static (double Epsilon, double? Order) ToEpsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        PrivacyChecks.Delta(delta);
        if (orders.Count != rdp.Count)
        {
            throw new ArgumentException($"{orders.Count} orders but {rdp.Count} RDP values");
        }

        var best = double.PositiveInfinity;
        double? bestOrder = null;
        for (var k = 0; k < orders.Count; k++)
        {
            var (alpha, r) = (orders[k], rdp[k]);
            if (!(r >= 0))
            {
                throw new ArgumentException($"RDP values are non-negative, not {r:R} at order {alpha:R}");
            }

            var epsilon = (delta * delta) + LogSpace.ExpM1(-r) > 0 ? 0
                : alpha > 1.01 ? r + LogSpace.Log1P(-1 / alpha) - (Math.Log(delta * alpha) / (alpha - 1))
                : double.PositiveInfinity;
            if (epsilon < best)
            {
                (best, bestOrder) = (epsilon, alpha);
            }
        }

        return (Math.Max(0, best), bestOrder);
    }
}
