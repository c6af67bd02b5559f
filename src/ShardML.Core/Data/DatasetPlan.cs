using MemoryPack;

namespace ShardML.Core.Data;

/// <summary>A dataset cut into partitions but not yet loaded: the schema and one source per partition.</summary>
[MemoryPackable]
public sealed partial record DatasetPlan(DatasetSchema Schema, IReadOnlyList<PartitionSource> Partitions)
{
    /// <summary>The file every partition reads.</summary>
    public string Path => Partitions[0].Path;
}
