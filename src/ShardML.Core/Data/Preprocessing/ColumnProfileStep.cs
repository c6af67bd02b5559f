using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Returns the column profiles a partition loaded in profile mode (<see cref="DatasetSchema.Profiling"/>) built as it
/// read its rows; the reading was the pass, so this step costs O(profile).
/// </summary>
[MemoryPackable]
public sealed partial record ColumnProfileStep : IPartitionStep<ColumnProfiles>
{
    public ColumnProfiles Run(Partition partition, StepContext context) =>
        partition.Profile?.Clone() ?? throw new InvalidOperationException($"partition {partition.Index} was not loaded to be profiled");
}
