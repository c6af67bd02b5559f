using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>Removes a job's entry from every partition's <see cref="Partition.State"/> when the job ends; returns how many partitions held one.</summary>
/// <param name="Key">The job's state key.</param>
[MemoryPackable]
public sealed partial record DropStateStep(string Key) : IPartitionStep<StateDropped>
{
    public StateDropped Run(Partition partition, StepContext context) =>
        new(partition.State.TryRemove(Key, out _) ? 1 : 0);
}

/// <summary>How many partitions dropped state; merging adds.</summary>
[MemoryPackable]
public sealed partial class StateDropped : Summary<StateDropped>
{
    public StateDropped(int partitions)
    {
        Partitions = partitions;
    }

    public int Partitions { get; private set; }

    public override StateDropped Merge(StateDropped higher)
    {
        Partitions += higher.Partitions;
        return this;
    }
}
