using MemoryPack;

namespace ShardML.Algorithms.Svm;

/// <summary>One partition's dual variables as a CoCoA+ checkpoint keeps them, with their lineage.</summary>
/// <param name="Partition">The partition's index.</param>
/// <param name="Duals">βᵢ_c, row-major as in <see cref="CocoaPartitionState.Duals"/>: rows × m.</param>
/// <param name="Origin">
/// The round they last started from β = 0 (see <see cref="CocoaLineage"/>); last, so a checkpoint written before it
/// existed reads as 0 and its duals continue, as they did then.
/// </param>
[MemoryPackable]
public sealed partial record CocoaPartitionDuals(int Partition, double[] Duals, int Origin);
