namespace ShardML.Algorithms.Privacy;

/// <summary>What a differentially private training spent, saved with its model.</summary>
/// <param name="Epsilon">ε spent, as the accountant proves it at <paramref name="Delta"/>.</param>
/// <param name="Delta">δ.</param>
/// <param name="NoiseMultiplier">σ: the noise's deviation is σ·C per coordinate of the summed clipped gradients.</param>
/// <param name="ClipNorm">C.</param>
/// <param name="SampleRate">q: each row's chance of joining a step's batch.</param>
/// <param name="Steps">Noisy steps taken.</param>
/// <param name="Accountant">Which accountant proved ε.</param>
/// <param name="Order">The Rényi order that gave ε (RDP), or null.</param>
/// <param name="TestSeed">True when the noise came from a test seed: the model then protects nothing.</param>
public sealed record PrivacyReport(
    double Epsilon, double Delta, double NoiseMultiplier, double ClipNorm, double SampleRate, long Steps, AccountantKind Accountant, double? Order, bool TestSeed);
