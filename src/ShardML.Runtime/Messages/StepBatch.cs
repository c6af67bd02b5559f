using ShardML.Core.Execution;

namespace ShardML.Runtime.Messages;

/// <summary>
/// A step sent once to a silo for all the partitions it holds. Immutable: Orleans passes it without a deep copy
/// in-process, and the sender never touches the arrays again. A step too big for one message travels ahead in
/// chunks (<see cref="StagedStep"/>), and the silo stages any summary bigger than <see cref="MaximumMessageBytes"/>
/// for the driver to fetch in chunks, so no message exceeds Orleans' body limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.step-batch")]
public sealed record StepBatch(
    [property: Id(0)] string DatasetId,
    [property: Id(1)] int PartitionCount,
    [property: Id(2)] string StepType,
    [property: Id(3)] byte[] StepBody,
    [property: Id(4)] PartitionTask[] Partitions,
    [property: Id(5)] Guid? StagedStep,
    [property: Id(6)] int MaximumMessageBytes,
    [property: Id(7)] int BulkTransferBytes = 0)
{
    /// <summary>
    /// True when a summary of <paramref name="length"/> bytes is staged for the driver to fetch rather than sent in the
    /// reply: too big for one message, or big enough for the data plane (<see cref="BulkTransferBytes"/>, 0 for never).
    /// </summary>
    public bool Stages(long length) => length > MaximumMessageBytes || UsesDataPlane(length);

    /// <summary>True when a summary of <paramref name="length"/> bytes goes over the data plane (<see cref="BulkTransferBytes"/>).</summary>
    public bool UsesDataPlane(long length) => BulkTransferBytes > 0 && length >= BulkTransferBytes;

    /// <summary>
    /// Set by whoever sends the batch, and never serialized: true only when the batch arrived by reference,
    /// in-process, so the receiver may answer with summaries as objects instead of encoding them for the sender to
    /// decode (<see cref="SubtreePayload.Summary"/>). A batch that crossed a
    /// process boundary reads false and is answered in bytes.
    /// </summary>
    [field: NonSerialized]
    public bool HandOffLocally { get; init; }

    /// <summary>The step itself, beside its encoding, when the batch arrived by reference; never serialized.</summary>
    [field: NonSerialized]
    public IPartitionStep? Step { get; init; }
}
