namespace ShardML.Core.Numerics.Losses;

/// <summary>ℓ(y, z) = max(0, 1 − y z), y ∈ {−1, +1}; the subgradient −y where y z &lt; 1, else 0.</summary>
public readonly struct HingeLoss : ILoss
{
    public static double Value(double y, double z) => Math.Max(0, 1 - (y * z));

    public static double Derivative(double y, double z) => y * z < 1 ? -y : 0;
}
