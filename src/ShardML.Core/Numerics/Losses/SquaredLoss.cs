namespace ShardML.Core.Numerics.Losses;

/// <summary>ℓ(y, z) = ½ (z − y)², ∂ℓ/∂z = z − y.</summary>
public readonly struct SquaredLoss : ILoss
{
    public static double Value(double y, double z) => 0.5 * (z - y) * (z - y);

    public static double Derivative(double y, double z) => z - y;
}
