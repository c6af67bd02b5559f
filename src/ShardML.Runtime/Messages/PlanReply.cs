namespace ShardML.Runtime.Messages;

/// <summary>A MemoryPack-encoded <c>DatasetPlan</c>, or the input error that prevented it.</summary>
[GenerateSerializer, Immutable, Alias("shardml.plan-reply")]
public sealed record PlanReply(
    [property: Id(0)] byte[]? Plan,
    [property: Id(1)] RemoteError? Error);
