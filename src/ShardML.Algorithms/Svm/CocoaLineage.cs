using MemoryPack;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// Names the duals a partition holds without sending them: <paramref name="Origin"/> is the round in which they last
/// started from β = 0 (a fresh state, or one that found its duals missing or stale). A round's dual steps are a
/// function of the duals it starts from, the round's broadcast w (one per round and job) and the round's seeded
/// visiting order, so duals that completed the same round from the same origin are the same duals — to the bit on like
/// hardware, to rounding where kernels round differently. The driver keeps the origin of the reply it accepted for each
/// partition and sends it with the next round (<see cref="CocoaStep.Origins"/>); a partition continues only from duals
/// of that origin that completed the previous round, so the w it is sent is always the w of the duals it continues
/// from. Counter-based, not random: undisturbed runs carry the same origins, and the same bits, every time.
/// </summary>
/// <param name="Partition">The partition's index.</param>
/// <param name="Origin">The round its duals last started from β = 0.</param>
[MemoryPackable]
public readonly partial record struct CocoaLineage(int Partition, int Origin)
{
    /// <summary>The origins of <paramref name="lineages"/> by partition index, 0 for partitions not among them (and none for partitions beyond the count).</summary>
    public static int[] ByPartition(int partitions, IEnumerable<CocoaLineage> lineages)
    {
        var origins = new int[partitions];
        foreach (var lineage in lineages)
        {
            if ((uint)lineage.Partition < (uint)partitions)
            {
                origins[lineage.Partition] = lineage.Origin;
            }
        }

        return origins;
    }
}
