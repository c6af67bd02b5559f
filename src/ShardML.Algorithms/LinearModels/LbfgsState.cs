using MemoryPack;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// L-BFGS or OWL-QN at the end of an iteration, to the bit (see <see cref="LbfgsSolver"/>). Each iteration's line
/// search starts afresh from the current point (its first step is 1/‖◇F‖, in the preconditioned norm, when the memory is empty, else 1), so no
/// line-search state carries over; the pseudo-gradient is a function of the point and the gradient and is recomputed,
/// and the diagonal preconditioner a function of the data (its feature statistics are measured again on resume).
/// Size, with N = m·(d+1) unknowns and p ≤ <see cref="LinearModelOptions.HistorySize"/> pairs: (2 + 2p)·N doubles, plus
/// p and one per iteration.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m.</param>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Theta">The current point, in the solver's coordinates.</param>
/// <param name="Smooth">f at the point: 1/n Σ ℓ + λ₂/2 ‖w‖².</param>
/// <param name="L1">λ₁ ‖w‖₁ at the point (F = f + λ₁‖w‖₁ is what the line search must decrease).</param>
/// <param name="Gradient">∇f at the point: the next y is the next gradient minus this one.</param>
/// <param name="InitialNorm">‖∇F‖ (‖◇F‖ with L1) at θ = 0: the convergence test is relative to it.</param>
/// <param name="S">The correction pairs' s = x_{k+1} − x_k, oldest first (the two-loop recursion's order).</param>
/// <param name="Y">The pairs' y = ∇f_{k+1} − ∇f_k, oldest first.</param>
/// <param name="Rho">The pairs' 1/sᵀy as first computed, so a restored memory need not recompute a dot product.</param>
/// <param name="LossHistory">F at θ = 0 and after each iteration.</param>
/// <param name="Converged">True when the last iteration met the tolerance (the loop is over).</param>
[MemoryPackable]
public sealed partial record LbfgsState(
    int Dimension,
    int Outputs,
    int Iteration,
    double[] Theta,
    double Smooth,
    double L1,
    double[] Gradient,
    double InitialNorm,
    double[][] S,
    double[][] Y,
    double[] Rho,
    double[] LossHistory,
    bool Converged)
    : ILinearSolverState;
