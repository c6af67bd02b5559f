namespace ShardML.Runtime.Messages;

/// <summary>One partition's share of a batch: its index, the global number of its first row, and its encoded source (its lineage).</summary>
[GenerateSerializer, Immutable, Alias("shardml.partition-task")]
public sealed record PartitionTask(
    [property: Id(0)] int Index,
    [property: Id(1)] long FirstRow,
    [property: Id(2)] byte[] Source);
