namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The calibrated noise multiplier and what it spends. <paramref name="LowerNoiseMultiplier"/> is the largest σ the
/// search tried that misses the target (its ε ≥ the target): the answer lies between the two.
/// </summary>
public sealed record NoiseCalibrationResult(double NoiseMultiplier, PrivacySpent Spent, double LowerNoiseMultiplier, int Evaluations);
