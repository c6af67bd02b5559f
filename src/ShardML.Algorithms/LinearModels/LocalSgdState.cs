using MemoryPack;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Local SGD at the end of an epoch, to the bit (see <see cref="LocalSgdSolver"/>). Nothing is kept on the partitions
/// between rounds — each restarts from the broadcast model, whose lazily scaled copies live only within a round — so
/// the driver's global model and counters are the whole state. Size: m·(d+1) doubles, twice that when averaging, plus
/// one per epoch.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m.</param>
/// <param name="Iteration">Epochs done.</param>
/// <param name="Step">t, global mini-batch steps done (H per round): keys the next round's batches and step sizes, and the L1 gravity.</param>
/// <param name="Rounds">Synchronization rounds done: the averaging count and the communication summary's.</param>
/// <param name="Theta">The global model θ after the last round's averaging and truncation, in the solver's coordinates.</param>
/// <param name="Average">The running mean of the rounds' models when <see cref="LinearModelOptions.Averaged"/>, else empty.</param>
/// <param name="LossHistory">Each epoch's mean mini-batch objective; the last one is what the next epoch's stopping test compares with.</param>
/// <param name="Converged">True when the last epoch met the tolerance (the loop is over).</param>
/// <param name="BytesPerRound">The communication summary's bytes per round, measured in the first round (0 before it).</param>
[MemoryPackable]
public sealed partial record LocalSgdState(
    int Dimension, int Outputs, int Iteration, long Step, int Rounds, double[] Theta, double[] Average, double[] LossHistory, bool Converged, long BytesPerRound)
    : ILinearSolverState;
