namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The initial inverse-Hessian L-BFGS scales (<see cref="LinearModelOptions.Preconditioner"/>): H⁰ = γ·I, or γ·D⁻¹
/// with D the objective's Hessian diagonal at θ = 0 (<see cref="DiagonalPreconditioner"/>).
/// </summary>
/// <remarks>
/// Diagonal is value 0 on purpose, so that options serialized before this member existed read as the default.
/// </remarks>
public enum LbfgsPreconditioner
{
    /// <summary>
    /// H⁰ = γ·D⁻¹: L-BFGS in the variables uⱼ = √Dⱼ θⱼ, where every feature has unit curvature. Costs one pass for the
    /// features' second moments; on features of unequal scales or frequencies it takes several times fewer iterations.
    /// </summary>
    Diagonal = 0,

    /// <summary>H⁰ = γ·I, the textbook L-BFGS (Nocedal &amp; Wright eq. 7.20), as scikit-learn's lbfgs and Spark's run it.</summary>
    None = 1,
}
