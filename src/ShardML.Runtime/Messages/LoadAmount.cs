namespace ShardML.Runtime.Messages;

/// <summary>What a silo has read of a dataset so far: bytes of its sources and rows.</summary>
[GenerateSerializer, Immutable, Alias("shardml.load-amount")]
public sealed record LoadAmount([property: Id(0)] long Bytes, [property: Id(1)] long Rows);
