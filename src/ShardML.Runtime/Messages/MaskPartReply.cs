namespace ShardML.Runtime.Messages;

/// <summary>One partition's masked part as written on a silo, or the input error that stopped it (file, line, column).</summary>
[GenerateSerializer, Immutable, Alias("shardml.mask-part-reply")]
public sealed record MaskPartReply(
    [property: Id(0)] int Partition,
    [property: Id(1)] string File,
    [property: Id(2)] long Rows,
    [property: Id(3)] long Bytes,
    [property: Id(4)] RemoteError? Error);
