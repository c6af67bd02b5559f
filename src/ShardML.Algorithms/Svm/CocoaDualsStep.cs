using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// Collects every partition's duals after round <c>Round</c>, with their lineage, for a checkpoint. A partition whose
/// state is missing, from another round (it was reloaded since) or of another lineage than the driver accepted (a late
/// reply's, replaced by another silo's) contributes nothing: it will restart from β = 0 in the next round, in the
/// undisturbed job and in one resumed from this checkpoint alike. Cost: a copy of m doubles per row.
/// </summary>
/// <param name="StateKey">The job's key in the partitions' state.</param>
/// <param name="Round">The round just completed.</param>
/// <param name="Origins">By partition index, the lineage the driver accepted in that round (see <see cref="CocoaLineage"/>).</param>
/// <param name="Rebuild">
/// Sent only to a node that did not run the partitions' last round (a speculative copy, a share placed again): the
/// next round's step carrying the replays that rebuild the duals there (<see cref="CocoaReplay"/>), so the checkpoint
/// and the partitions' next round have the duals the undisturbed job has.
/// </param>
[MemoryPackable]
public sealed partial record CocoaDualsStep(string StateKey, int Round, int[] Origins, CocoaStep? Rebuild = null) : IPartitionStep<CocoaDualSet>, IReplayableStep
{
    /// <summary>On the driver only: the replaying step for given partitions (see <see cref="ForNewHolder"/>).</summary>
    [MemoryPackIgnore]
    public Func<IReadOnlyList<int>, CocoaStep>? RebuildSource { get; init; }

    public IPartitionStep ForNewHolder(IReadOnlyList<int> partitions) =>
        RebuildSource is null ? this : this with { Rebuild = RebuildSource(partitions), RebuildSource = null };

    public CocoaDualSet Run(Partition partition, StepContext context)
    {
        var set = new CocoaDualSet([]);
        var state = partition.State.TryGetValue(StateKey, out var cached) ? cached as CocoaPartitionState : null;
        if ((state is null || state.Round != Round || state.Origin != Origins[context.PartitionIndex]) && Rebuild?.Rebuilt(partition, context) is { } rebuilt)
        {
            state = rebuilt;
            partition.State[StateKey] = state;
        }

        if (state is not null && state.Round == Round && state.Origin == Origins[context.PartitionIndex])
        {
            set.Partitions.Add(new CocoaPartitionDuals(context.PartitionIndex, (double[])state.Duals.Clone(), state.Origin)); // a copy: the duals move on next round
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
