using MemoryPack;

namespace ShardML.Algorithms.Svm;

/// <summary>One partition's dual variables as a CoCoA+ checkpoint keeps them.</summary>
/// <param name="Partition">The partition's index.</param>
/// <param name="Duals">βᵢ_c, row-major as in <see cref="CocoaPartitionState.Duals"/>: rows × m.</param>
[MemoryPackable]
public sealed partial record CocoaPartitionDuals(int Partition, double[] Duals);
