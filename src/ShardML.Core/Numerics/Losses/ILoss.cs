namespace ShardML.Core.Numerics.Losses;

/// <summary>
/// The loss ℓ(y, z) of a linear model's score z = w·x + b against its target y, as static members, so kernels
/// written <c>Kernel&lt;TLoss&gt;</c> over a struct loss are specialized by the JIT with the loss inlined: no virtual
/// call per row. The one loss interface of every solver and kernel; arguments always come as (target, score).
/// </summary>
public interface ILoss
{
    /// <summary>ℓ(y, z).</summary>
    static abstract double Value(double y, double z);

    /// <summary>∂ℓ/∂z at (y, z); a subgradient where ℓ has a kink.</summary>
    static abstract double Derivative(double y, double z);
}
