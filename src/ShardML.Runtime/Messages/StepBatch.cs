namespace ShardML.Runtime.Messages;

/// <summary>
/// A step sent once to a silo for all the partitions it holds. Immutable: Orleans passes it without a deep copy
/// in-process, and the sender never touches the arrays again.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.step-batch")]
public sealed record StepBatch(
    [property: Id(0)] string DatasetId,
    [property: Id(1)] int PartitionCount,
    [property: Id(2)] string StepType,
    [property: Id(3)] byte[] StepBody,
    [property: Id(4)] PartitionTask[] Partitions);
