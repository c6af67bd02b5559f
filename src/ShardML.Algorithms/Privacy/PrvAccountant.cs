namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The PRV accountant (Gopi, Lee &amp; Wutschitz 2021, "Numerical Composition of Differential Privacy"; Opacus'
/// <c>PRVAccountant</c>): the privacy loss of a composition is the sum of the steps' privacy loss random variables,
/// so its distribution is their convolution, computed on a grid by FFT, and δ(ε) = E[(1 − e^(ε−Y))⁺] is read off it.
/// Tighter than RDP's conversion, which loses in the inequality between Rényi divergence and δ.
/// <para>
/// Per query, as Opacus: L = max(ε_RDP(δ_error/4) of the history, ε_RDP(δ_error/(8N)) of any one step, ε_error) + 3
/// bounds the loss range (N steps in all, remark 5.6 of the paper as its authors' code reads it), the mesh is
/// ε_error/√(N log(12/δ_error)/2), each entry's variable is truncated to [−L, L], discretized with its mean kept
/// (<see cref="TruncatedPrv"/>), composed (<see cref="PrvComposition"/>), and the ε reported is the estimate at
/// δ − δ_error plus ε_error, an upper bound (<see cref="DiscretePrv.Epsilon"/>). Defaults ε_error = 0.01,
/// δ_error = δ/1000.
/// </para>
/// <para>
/// Cost: a grid of 2L/mesh points, which grows as L·√N; time O(size log size) per entry, memory O(size). A grid over
/// <see cref="PrvOptions.MaximumGridPoints"/>, or a loss range past ±700 (where e^(−t) overflows), is refused.
/// </para>
/// </summary>
public sealed class PrvAccountant : IPrivacyAccountant
{
    private const double MaximumLossRange = 700;

    private readonly PrvOptions _options;

    /// <param name="history">What has been spent already (a checkpoint's); empty when null.</param>
    /// <param name="options">The errors allowed and the largest grid; <see cref="PrvOptions.Default"/> when null.</param>
    public PrvAccountant(PrivacyHistory? history = null, PrvOptions? options = null)
    {
        _options = options ?? PrvOptions.Default;
        _options.Validate();
        History = history ?? PrivacyHistory.Empty;
        foreach (var entry in History.Entries)
        {
            entry.Validate();
        }
    }

    public AccountantKind Kind => AccountantKind.Prv;

    public PrivacyHistory History { get; private set; }

    public AccountantState State => new(Kind, History);

    public void Record(double noiseMultiplier, double sampleRate, long steps = 1) => History = History.Then(noiseMultiplier, sampleRate, steps);

    public PrivacySpent GetEpsilon(double delta)
    {
        PrivacyChecks.Delta(delta);
        if (History.Entries.Length == 0)
        {
            return new PrivacySpent(0, delta, null, Kind);
        }

        var deltaError = _options.DeltaError ?? (delta / 1000);
        if (!(deltaError < delta))
        {
            throw new ArgumentException($"the PRV delta error ({deltaError:g3}) must be smaller than delta ({delta:g3})");
        }

        var entries = History.Entries;
        var steps = entries.Select(e => e.Steps).ToArray();
        var domain = Domain(entries, deltaError);
        var discrete = new DiscretePrv[entries.Length];
        for (var k = 0; k < entries.Length; k++)
        {
            var prv = new PoissonSubsampledGaussianPrv(entries[k].SampleRate, entries[k].NoiseMultiplier);
            discrete[k] = Discretize(new TruncatedPrv(prv, domain.TMin, domain.TMax), domain);
        }

        var composed = PrvComposition.Compose(discrete, steps);
        var (_, _, upper) = composed.Epsilon(delta, deltaError, _options.EpsilonError);
        return new PrivacySpent(Math.Max(0, upper), delta, null, Kind);
    }

    /// <summary>
    /// The grid on each PMF, as Opacus' <c>_get_domain</c> and <c>compute_safe_domain_size</c>. The RDP bounds use its
    /// default orders; ε_RDP ≥ the true ε, so [−L, L] holds all but δ_error/4 of the composition's loss.
    /// </summary>
    private PrvDomain Domain(MechanismEntry[] entries, double deltaError)
    {
        var total = entries.Sum(e => (double)e.Steps);
        var range = new RdpAccountant(History).GetEpsilon(deltaError / 4).Epsilon;
        foreach (var entry in entries)
        {
            var one = new RdpAccountant(PrivacyHistory.Empty.Then(entry.NoiseMultiplier, entry.SampleRate));
            range = Math.Max(range, one.GetEpsilon(deltaError / (8 * total)).Epsilon);
        }

        range = Math.Max(range, _options.EpsilonError) + 3;
        if (!(range <= MaximumLossRange))
        {
            throw new ArgumentException($"the privacy loss range (±{range:g4}) is past what the PRV accountant represents (±{MaximumLossRange}); use the RDP accountant");
        }

        var mesh = _options.EpsilonError / Math.Sqrt(total * Math.Log(12 / deltaError) / 2);
        return PrvDomain.CreateAligned(-range, range, mesh, _options.MaximumGridPoints);
    }

    /// <summary>
    /// Each point gets the mass of its cell [t − dt/2, t + dt/2), and the grid is moved by the difference between the
    /// variable's mean and the grid's, so the composition's mean is exact (Opacus' <c>discretize</c>). Cells right of 0
    /// take their mass as a difference of survival functions, where Opacus subtracts CDFs near 1 and keeps only the
    /// first digits of a tail cell's mass; a composition of many steps sums that noise into the tail that decides δ.
    /// </summary>
    private static DiscretePrv Discretize(TruncatedPrv prv, PrvDomain domain)
    {
        var dt = domain.Dt;
        var pmf = new double[domain.Size];
        double discreteMean = 0;
        var previous = (Edge: double.NaN, Upper: false);
        for (var i = 0; i < pmf.Length; i++)
        {
            var t = domain.T(i);
            var upper = t > 0;
            var left = previous.Upper == upper && !double.IsNaN(previous.Edge) ? previous.Edge : Edge(t - (dt / 2));
            var right = Edge(t + (dt / 2));
            pmf[i] = upper ? left - right : right - left;
            discreteMean += t * pmf[i];
            previous = (right, upper);

            double Edge(double x) => upper ? prv.Survival(x) : prv.Cdf(x);
        }

        var shift = prv.Mean() - discreteMean;
        if (!(Math.Abs(shift) < dt / 2))
        {
            throw new InvalidOperationException($"the discretized privacy loss's mean is {shift:g3} from the variable's, more than half the mesh ({dt / 2:g3})");
        }

        return new DiscretePrv(pmf, domain.ShiftRight(shift));
    }
}
