using ShardML.Core.Execution;

namespace ShardML.Runtime.Messages;

/// <summary>
/// One silo's share of a pass under secure aggregation: its masked words (or its ciphertexts), a template of the summary
/// (its shape, no data) for the driver to rebuild the total into, and what the pass cost. A payload too big for one
/// message is staged on the silo (<see cref="Staged"/>) for the driver to fetch in chunks.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.secure-share")]
public sealed record SecureShare(
    [property: Id(0)] byte[] Payload,
    [property: Id(1)] Guid? Staged,
    [property: Id(2)] long StagedLength,
    [property: Id(3)] string TemplateType,
    [property: Id(4)] byte[] Template,
    [property: Id(5)] int SumLength,
    [property: Id(6)] double ComputeSeconds,
    [property: Id(7)] int ReloadedPartitions)
{
    /// <summary>The template itself when the batch came by reference (the driver is in this process); never serialized.</summary>
    [field: NonSerialized]
    public ISummary? TemplateSummary { get; init; }
}
