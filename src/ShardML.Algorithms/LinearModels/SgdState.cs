using MemoryPack;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Mini-batch SGD at the end of an epoch, to the bit: with it a resumed job draws the same batches, takes the same
/// steps and returns the same model as one never interrupted (see <see cref="SgdSolver"/>). The driver keeps plain
/// coefficients (no lazy scaling factor: the L2 shrink is applied to them every step), and the step sizes and batches
/// are functions of (options, t) alone, so nothing else carries over. Size: m·(d+1) doubles, twice that when averaging,
/// plus one per epoch.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m.</param>
/// <param name="Iteration">Epochs done.</param>
/// <param name="Step">
/// t, mini-batch updates done: the next batch is sampled from (seed, t, partition) and the next step size is η_t, so
/// this is the sampler's whole position and the schedule's.
/// </param>
/// <param name="Theta">The iterate θ in the solver's coordinates (standardized when asked), m × (d + 1).</param>
/// <param name="Average">The running mean of the iterates when <see cref="LinearModelOptions.Averaged"/>, else empty; its count is t minus the steps of the first epoch.</param>
/// <param name="LossHistory">Each epoch's mean mini-batch objective; the last one is what the next epoch's stopping test compares with.</param>
/// <param name="Converged">True when the last epoch met the tolerance (the loop is over).</param>
/// <param name="BytesPerRound">The communication summary's bytes per round, measured in the first round (0 before it).</param>
[MemoryPackable]
public sealed partial record SgdState(
    int Dimension, int Outputs, int Iteration, long Step, double[] Theta, double[] Average, double[] LossHistory, bool Converged, long BytesPerRound)
    : ILinearSolverState;
