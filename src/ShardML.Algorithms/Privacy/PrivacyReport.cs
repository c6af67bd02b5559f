namespace ShardML.Algorithms.Privacy;

/// <summary>What a differentially private training spent, saved with its model.</summary>
/// <param name="Mechanism">"dp-sgd" (noisy clipped gradients), "adassp" (noisy sufficient statistics) or "dp-lloyd" (noisy cluster sums and counts).</param>
/// <param name="Epsilon">ε spent in all, as the mechanism's accounting proves it at <paramref name="Delta"/>.</param>
/// <param name="Delta">δ (0 for the pure-ε mechanisms).</param>
/// <param name="Accountant">DP-SGD: the accountant that proved ε; null for mechanisms composed by adding their shares.</param>
/// <param name="Order">DP-SGD with RDP: the Rényi order that gave ε; else null.</param>
/// <param name="NoiseMultiplier">DP-SGD: σ, the noise's deviation per coordinate over C; else null.</param>
/// <param name="ClipNorm">DP-SGD: C; else null.</param>
/// <param name="SampleRate">DP-SGD: q, each row's chance of joining a step; else null.</param>
/// <param name="Steps">Noisy releases made: DP-SGD's steps, DP-Lloyd's iterations, AdaSSP's three statistics.</param>
/// <param name="Shares">How the budget was split between the releases, in words, for mechanisms that split it; else empty.</param>
/// <param name="TestSeed">True when the noise came from a test seed: the model then protects nothing.</param>
public sealed record PrivacyReport(
    string Mechanism,
    double Epsilon,
    double Delta,
    AccountantKind? Accountant,
    double? Order,
    double? NoiseMultiplier,
    double? ClipNorm,
    double? SampleRate,
    long Steps,
    string[] Shares,
    bool TestSeed)
{
    /// <summary>Where the noise was added: on the driver, or in shares on the partitions before secure aggregation.</summary>
    public NoisePlacement NoisePlacement { get; init; } = NoisePlacement.Driver;

    /// <summary>Distributed noise: the shares it was split into (the partitions), each N(0, σ²C²/shares); else null.</summary>
    public int? NoiseShares { get; init; }

    /// <summary>One line for people: the mechanism, what it spent, and how (σ, C, q and steps, or the budget's shares).</summary>
    public string Describe()
    {
        var how = Mechanism == "dp-sgd"
            ? FormattableString.Invariant($"{Accountant?.ToString().ToLowerInvariant()}{(Order is { } order ? $", order {order:G4}" : string.Empty)}; σ = {NoiseMultiplier:G4}, C = {ClipNorm:G4}, q = {SampleRate:G4}, {Steps:N0} steps")
            : string.Join("; ", Shares);
        var where = NoisePlacement == NoisePlacement.Distributed
            ? FormattableString.Invariant($"; noise added in {NoiseShares} shares on the partitions before secure aggregation")
            : string.Empty;
        return FormattableString.Invariant($"{Mechanism}: ε = {Epsilon:G4} at δ = {Delta:G3} ({how}{where})");
    }
}
