using ShardML.Core.Execution;

namespace ShardML.Runtime.Messages;

/// <summary>What one silo returns for a step: the merged subtrees of the partitions it holds, and what it cost.</summary>
[GenerateSerializer, Immutable, Alias("shardml.silo-reply")]
public sealed record SiloReply(
    [property: Id(0)] SubtreePayload[] Subtrees,
    [property: Id(1)] double ComputeSeconds,
    [property: Id(2)] int ReloadedPartitions);

/// <summary>
/// The encoded summary of partitions <c>[Low, High)</c>: in <see cref="Body"/>, or, when too big for one message,
/// staged on the silo under <see cref="Staged"/> (<see cref="StagedLength"/> bytes) for the driver to fetch in chunks —
/// or, when big enough for the data plane, over it with <see cref="Ticket"/>, which the silo opened for this reply so the
/// driver connects at once instead of asking for a ticket in a call of its own.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.subtree")]
public sealed record SubtreePayload(
    [property: Id(0)] int Low,
    [property: Id(1)] int High,
    [property: Id(2)] string TypeName,
    [property: Id(3)] byte[] Body,
    [property: Id(4)] Guid? Staged,
    [property: Id(5)] long StagedLength,
    [property: Id(6)] BulkTicket? Ticket = null)
{
    /// <summary>
    /// The merged summary itself, when the batch came by reference (<see cref="StepBatch.HandOffLocally"/>: the
    /// embedded silo, or a driver running inside the silo); then nothing is encoded or staged. Never serialized.
    /// </summary>
    [field: NonSerialized]
    public ISummary? Summary { get; init; }
}
