using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Core.Data;

/// <summary>The columns a partition kept as text (<see cref="DatasetOptions.Keep"/>), for joining its predictions back to its rows.</summary>
[MemoryPackable]
public sealed partial record KeptColumnsStep : IPartitionStep<KeptColumns>
{
    public KeptColumns Run(Partition partition, StepContext context) =>
        new([.. (partition.Kept ?? throw new InvalidOperationException($"partition {partition.Index} kept no columns: load it with DatasetOptions.Keep")).Select(c => c.ToList())]);
}
