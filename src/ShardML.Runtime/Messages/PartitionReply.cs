namespace ShardML.Runtime.Messages;

/// <summary>One partition's encoded summary, and whether the partition had to be reloaded from its source first.</summary>
[GenerateSerializer, Immutable, Alias("shardml.partition-reply")]
public sealed record PartitionReply(
    [property: Id(0)] string TypeName,
    [property: Id(1)] byte[] Body,
    [property: Id(2)] bool Reloaded);

/// <summary>What loading one partition found, and on which silo it lives.</summary>
[GenerateSerializer, Immutable, Alias("shardml.partition-loaded")]
public sealed record PartitionLoaded(
    [property: Id(0)] int Index,
    [property: Id(1)] int Rows,
    [property: Id(2)] int Columns,
    [property: Id(3)] long MemoryBytes,
    [property: Id(4)] string Silo);

/// <summary>What a silo is: its address, cores, memory, and the partitions it holds.</summary>
[GenerateSerializer, Immutable, Alias("shardml.silo-description")]
public sealed record SiloDescription(
    [property: Id(0)] string Address,
    [property: Id(1)] int Cores,
    [property: Id(2)] long WorkingSetBytes,
    [property: Id(3)] int Partitions,
    [property: Id(4)] long PartitionBytes);
