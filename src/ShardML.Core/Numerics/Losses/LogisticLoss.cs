namespace ShardML.Core.Numerics.Losses;

/// <summary>
/// ℓ(y, z) = log(1 + e^(−m)) with the margin m = y z, y ∈ {−1, +1}; ∂ℓ/∂z = −y / (1 + e^m). Evaluated without
/// overflow for any m: log(1 + e^(−m)) = max(−m, 0) + log1p(e^(−|m|)).
/// </summary>
public readonly struct LogisticLoss : ILoss
{
    public static double Value(double y, double z)
    {
        var m = y * z;
        return Math.Max(-m, 0) + Math.Log(1 + Math.Exp(-Math.Abs(m)));
    }

    public static double Derivative(double y, double z) => -y / (1 + Math.Exp(y * z));

    /// <summary>σ(z) = 1 / (1 + e^(−z)), the probability of the positive class.</summary>
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
