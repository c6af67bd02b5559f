using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// Collects every partition's duals after round <c>Round</c>, for a checkpoint. A partition whose state is missing or
/// from another round (it was reloaded since) contributes nothing: it will restart from β = 0 in the next round, in
/// the undisturbed job and in one resumed from this checkpoint alike. Cost: a copy of m doubles per row.
/// </summary>
/// <param name="StateKey">The job's key in the partitions' state.</param>
/// <param name="Round">The round just completed.</param>
[MemoryPackable]
public sealed partial record CocoaDualsStep(string StateKey, int Round) : IPartitionStep<CocoaDualSet>
{
    public CocoaDualSet Run(Partition partition, StepContext context)
    {
        var set = new CocoaDualSet([]);
        if (partition.State.TryGetValue(StateKey, out var cached) && cached is CocoaPartitionState state && state.Round == Round)
        {
            set.Partitions.Add(new CocoaPartitionDuals(context.PartitionIndex, (double[])state.Duals.Clone())); // a copy: the duals move on next round
        }

        return set;
    }
}

/// <summary>Partitions' duals in partition order; merging appends the higher partitions' after the lower's.</summary>
[MemoryPackable]
public sealed partial class CocoaDualSet : Summary<CocoaDualSet>
{
    [MemoryPackConstructor]
    public CocoaDualSet(List<CocoaPartitionDuals> partitions)
    {
        Partitions = partitions;
    }

    public List<CocoaPartitionDuals> Partitions { get; }

    public override CocoaDualSet Merge(CocoaDualSet higher)
    {
        Partitions.AddRange(higher.Partitions);
        return this;
    }
}
