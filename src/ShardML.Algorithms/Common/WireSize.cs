using MemoryPack;

namespace ShardML.Algorithms.Common;

/// <summary>The encoded size of a step or summary as it travels: MemoryPack bytes, as the runtime's wire registry encodes them.</summary>
public static class WireSize
{
    public static long Of(object message) => MemoryPackSerializer.Serialize(message.GetType(), message).LongLength;

    /// <summary>A pass's traffic: the step sent to each of the partitions and one summary back from each.</summary>
    public static long OfRound(object step, object summary, int partitions) => (Of(step) + Of(summary)) * partitions;
}
