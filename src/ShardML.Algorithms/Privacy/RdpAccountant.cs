namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The RDP accountant (Abadi et al. 2016's moments accountant as Mironov 2017 recast it, Opacus' <c>RDPAccountant</c>):
/// RDP composes by addition, so ε(α) of the history is Σ steps · ε₁(α; σ, q) over its entries
/// (<see cref="SubsampledGaussianRdp"/>) at each order, and (ε, δ) comes from the best order
/// (<see cref="RdpConversion"/>, Balle et al. 2020, Theorem 21). Cost: O(orders × terms) per distinct (σ, q),
/// cached, then O(orders × entries) per query.
/// </summary>
public sealed class RdpAccountant : IPrivacyAccountant
{
    private readonly double[] _orders;

    private readonly Dictionary<(double NoiseMultiplier, double SampleRate), double[]> _perStep = [];

    /// <param name="history">What has been spent already (a checkpoint's); empty when null.</param>
    /// <param name="orders">The orders to optimize over, each in (1, 10⁶]; <see cref="RdpOrders.Default"/> when null.</param>
    public RdpAccountant(PrivacyHistory? history = null, IReadOnlyList<double>? orders = null)
    {
        _orders = [.. orders ?? RdpOrders.Default];
        if (_orders.Length == 0)
        {
            throw new ArgumentException("the RDP accountant needs at least one order");
        }

        foreach (var order in _orders)
        {
            SubsampledGaussianRdp.CheckOrder(order);
        }

        History = history ?? PrivacyHistory.Empty;
        foreach (var entry in History.Entries)
        {
            entry.Validate();
        }
    }

    public AccountantKind Kind => AccountantKind.Rdp;

    public PrivacyHistory History { get; private set; }

    public AccountantState State => new(Kind, History);

    public IReadOnlyList<double> Orders => _orders;

    public void Record(double noiseMultiplier, double sampleRate, long steps = 1) => History = History.Then(noiseMultiplier, sampleRate, steps);

    /// <summary>ε(α) of the whole history at each of <see cref="Orders"/>.</summary>
    public double[] Rdp()
    {
        var total = new double[_orders.Length];
        foreach (var entry in History.Entries)
        {
            var perStep = PerStep(entry.NoiseMultiplier, entry.SampleRate);
            for (var k = 0; k < total.Length; k++)
            {
                total[k] += entry.Steps * perStep[k];
            }
        }

        return total;
    }

    public PrivacySpent GetEpsilon(double delta)
    {
        PrivacyChecks.Delta(delta);
        if (History.Entries.Length == 0)
        {
            return new PrivacySpent(0, delta, null, Kind);
        }

        var (epsilon, order) = RdpConversion.ToEpsilon(_orders, Rdp(), delta);
        return new PrivacySpent(epsilon, delta, order, Kind);
    }

    private double[] PerStep(double noiseMultiplier, double sampleRate)
    {
        if (!_perStep.TryGetValue((noiseMultiplier, sampleRate), out var rdp))
        {
            rdp = SubsampledGaussianRdp.Compute(sampleRate, noiseMultiplier, 1, _orders);
            _perStep[(noiseMultiplier, sampleRate)] = rdp;
        }

        return rdp;
    }
}
