namespace ShardML.Algorithms.Privacy;

/// <summary>How a privacy accountant turns a history of subsampled Gaussian steps into (ε, δ).</summary>
public enum AccountantKind
{
    /// <summary>Rényi DP over a fixed set of orders, converted to (ε, δ) (<see cref="RdpAccountant"/>).</summary>
    Rdp,

    /// <summary>Numerical composition of privacy loss random variables, tighter (<see cref="PrvAccountant"/>).</summary>
    Prv,
}
