using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>Removes a job's entry from every partition's <see cref="Partition.State"/> when the job ends; returns how many partitions held one.</summary>
/// <param name="Key">The job's state key.</param>
[MemoryPackable]
public sealed partial record DropStateStep(string Key) : IPartitionStep<PartitionCount>
{
    public PartitionCount Run(Partition partition, StepContext context) =>
        new(partition.State.TryRemove(Key, out _) ? 1 : 0);
}
