using MemoryPack;
using ShardML.Algorithms.LinearModels;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// CoCoA+ at the end of a round, to the bit (see <see cref="CocoaSolver"/>): the driver's side, and the duals the
/// partitions held, which a resumed job gives back to the partitions of its freshly loaded dataset before its next
/// round. Each partition's share w_k is summed from its duals at the start of a round, so the duals are the whole
/// per-partition state. Size: n·m doubles for the duals, 2·m·(d+1) for the driver, plus one per round.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m.</param>
/// <param name="Iteration">Rounds done.</param>
/// <param name="Next">w = Σ_k w_k as the last round returned it: what the next round broadcasts.</param>
/// <param name="Model">The last w whose gap was measured: the model returned if the job stopped here.</param>
/// <param name="Objective">The primal objective at <paramref name="Model"/> (NaN before any measured round).</param>
/// <param name="Gap">The largest relative duality gap at <paramref name="Model"/> (NaN before any measured round).</param>
/// <param name="LossHistory">The primal objective of every measured round.</param>
/// <param name="Notes">Notes so far (rounds whose partitions had lost their duals).</param>
/// <param name="Converged">True when the gap met the tolerance (the loop is over, and no duals are kept).</param>
/// <param name="Duals">
/// The duals each partition held after the round, by partition, with their lineage; a partition that had lost them,
/// or held duals of another lineage than the driver accepted, is absent and restarts from zero in the next round
/// either way. The lineages are also what the resumed driver sends with its first round.
/// </param>
[MemoryPackable]
public sealed partial record CocoaState(
    int Dimension,
    int Outputs,
    int Iteration,
    double[] Next,
    double[] Model,
    double Objective,
    double Gap,
    double[] LossHistory,
    string[] Notes,
    bool Converged,
    CocoaPartitionDuals[] Duals)
    : ILinearSolverState;
