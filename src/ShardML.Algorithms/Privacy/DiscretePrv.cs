namespace ShardML.Algorithms.Privacy;

/// <summary>
/// A privacy loss random variable on a grid: <see cref="Pmf"/>[i] is the mass at <see cref="Domain"/>.T(i)
/// (Opacus' <c>DiscretePRV</c>).
/// </summary>
internal sealed record DiscretePrv(double[] Pmf, PrvDomain Domain)
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// ε for <paramref name="delta"/>, and the bounds the discretization guarantees (Gopi et al. 2021, Theorem 5.5):
    /// with δ(ε) = E[(1 − e^(ε−Y))⁺] = Σ_{tᵢ ≥ ε} pᵢ(1 − e^(ε−tᵢ)), the estimate solves δ(ε) = δ, and the true ε
    /// lies between the solution at δ + δ_error less ε_error and the solution at δ − δ_error plus ε_error.
    /// On the piece (t_{i−1}, tᵢ] δ(ε) = D₁ᵢ − e^ε D₂ᵢ with the tail sums D₁ᵢ = Σ_{k≥i} p_k and
    /// D₂ᵢ = Σ_{k≥i} p_k e^(−t_k), so ε = log((D₁ᵢ − δ)/D₂ᵢ) at the first i where δ(tᵢ) ≤ δ. Cost O(size).
    /// </summary>
    public (double Lower, double Estimate, double Upper) Epsilon(double delta, double deltaError, double epsilonError)
    {
        // Opacus tests this with long double's 2⁻⁶³ but sums in double; the sums here are doubles too.
        if (MachineEpsilon * Pmf.Length > delta - deltaError)
        {
            throw new ArgumentException(
                $"delta = {delta:g3} is too small for the PRV accountant: rounding over its {Pmf.Length:N0} grid points would dominate; use the RDP accountant");
        }

        var size = Pmf.Length;
        var tail = new double[size];
        var weightedTail = new double[size];
        var negativeDelta = new double[size];
        double d1 = 0, d2 = 0;
        for (var i = size - 1; i >= 0; i--)
        {
            var t = Domain.T(i);
            d1 += Pmf[i];
            d2 += Pmf[i] * Math.Exp(-t);
            tail[i] = d1;
            weightedTail[i] = d2;
            negativeDelta[i] = (Math.Exp(t) * d2) - d1;
        }

        double Solve(double target)
        {
            // numpy's searchsorted(side="left"): the first i with −δ(tᵢ) ≥ −target.
            int low = 0, high = size;
            while (low < high)
            {
                var middle = low + ((high - low) >> 1);
                if (negativeDelta[middle] < -target)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            if (low <= 0)
            {
                return double.NegativeInfinity; // δ is met already at the grid's lowest point, far below 0
            }

            var excess = tail[low] - target;
            return excess > 0 ? Math.Log(excess / weightedTail[low]) : Domain.T(low);
        }

        return (Solve(delta + deltaError) - epsilonError, Solve(delta), Solve(delta - deltaError) + epsilonError);
    }
}
