namespace ShardML.Runtime.Messages;

/// <summary>
/// One partition's share of a batch: its index, the global number of its first row, its encoded source (its
/// lineage), and a delay to inject before running (chaos testing; honoured only by silos with chaos enabled).
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.partition-task")]
public sealed record PartitionTask(
    [property: Id(0)] int Index,
    [property: Id(1)] long FirstRow,
    [property: Id(2)] byte[] Source,
    [property: Id(3)] TimeSpan ChaosDelay = default);
