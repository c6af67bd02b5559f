namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// A loss as static members, so kernels written <c>Kernel&lt;TLoss&gt;</c> over a struct loss are specialized by
/// the JIT with the loss inlined: no virtual call per row.
/// </summary>
public interface ILoss
{
    /// <summary>ℓ(y, z).</summary>
    static abstract double Value(double y, double z);

    /// <summary>∂ℓ/∂z at (y, z); a subgradient where ℓ has a kink.</summary>
    static abstract double Derivative(double y, double z);
}
