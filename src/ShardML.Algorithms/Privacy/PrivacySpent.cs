namespace ShardML.Algorithms.Privacy;

/// <summary>
/// An (ε, δ) guarantee: the history is (<paramref name="Epsilon"/>, <paramref name="Delta"/>)-differentially private.
/// <paramref name="Order"/> is the Rényi order α whose conversion gave ε (RDP only; null for PRV, or when ε is 0 for
/// an empty history or infinite).
/// </summary>
public sealed record PrivacySpent(double Epsilon, double Delta, double? Order, AccountantKind Accountant);
