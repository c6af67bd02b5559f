namespace ShardML.Algorithms.Privacy;

/// <summary>The Rényi orders the RDP accountant optimizes over.</summary>
public static class RdpOrders
{
    /// <summary>
    /// Opacus' <c>RDPAccountant.DEFAULT_ALPHAS</c>: 1.1, 1.2, …, 10.9 (1 + x/10 for x = 1…99), then 12, 13, …, 63;
    /// 150 orders. Small budgets are converted best at high orders and large ones at low orders; the fractional
    /// orders below 11 matter for the large ε of few-sample jobs.
    /// </summary>
    public static IReadOnlyList<double> Default { get; } =
        [.. Enumerable.Range(1, 99).Select(x => 1 + (x / 10.0)), .. Enumerable.Range(12, 52).Select(x => (double)x)];
}
