namespace ShardML.Runtime.Messages;

/// <summary>What loading one partition found, and on which silo it lives.</summary>
[GenerateSerializer, Immutable, Alias("shardml.partition-loaded")]
public sealed record PartitionLoaded(
    [property: Id(0)] int Index,
    [property: Id(1)] int Rows,
    [property: Id(2)] int Columns,
    [property: Id(3)] long MemoryBytes,
    [property: Id(4)] string Silo,
    [property: Id(5)] long DroppedRows);

/// <summary>What a silo is: its address and name, cores, memory, and the partitions it holds.</summary>
[GenerateSerializer, Immutable, Alias("shardml.silo-description")]
public sealed record SiloDescription(
    [property: Id(0)] string Address,
    [property: Id(1)] string Name,
    [property: Id(2)] int Cores,
    [property: Id(3)] long WorkingSetBytes,
    [property: Id(4)] long AvailableMemoryBytes,
    [property: Id(5)] int Partitions,
    [property: Id(6)] long PartitionBytes,
    [property: Id(7)] DatasetHolding[] Datasets);

/// <summary>The partitions of one dataset a silo holds.</summary>
[GenerateSerializer, Immutable, Alias("shardml.dataset-holding")]
public sealed record DatasetHolding(
    [property: Id(0)] string DatasetId,
    [property: Id(1)] string Path,
    [property: Id(2)] int Partitions,
    [property: Id(3)] long Rows,
    [property: Id(4)] long MemoryBytes);
