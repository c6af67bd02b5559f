using MemoryPack;

namespace ShardML.Algorithms.Common;

/// <summary>The encoded size of a step or summary as it travels: MemoryPack bytes, as the runtime's wire registry encodes them.</summary>
public static class WireSize
{
    public static long Of(object message) => MemoryPackSerializer.Serialize(message.GetType(), message).LongLength;
}
