namespace ShardML.Runtime.Messages;

/// <summary>
/// What memory a silo has for new partitions, as its garbage collector sees it: the most the heap may grow to (the
/// machine's memory, a container's cgroup limit, or <c>DOTNET_GCHeapHardLimit</c>, whichever binds) and what the heap
/// holds now (partitions of other jobs, caches, garbage not collected yet: counted, so the figure errs low).
/// </summary>
/// <param name="Address">The silo.</param>
/// <param name="LimitBytes"><see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>.</param>
/// <param name="HeapBytes"><see cref="GC.GetTotalMemory(bool)"/>, without a collection.</param>
[GenerateSerializer, Immutable, Alias("shardml.silo-memory")]
public sealed record SiloMemory([property: Id(0)] string Address, [property: Id(1)] long LimitBytes, [property: Id(2)] long HeapBytes)
{
    /// <summary>
    /// Bytes of partitions this silo can still take: its limit less <paramref name="headroom"/> of it (a step's working
    /// memory: summaries, a load's buffers, the runtime's own churn) less what its heap holds already.
    /// </summary>
    public long Capacity(double headroom) => Math.Max(0, (long)(LimitBytes * (1 - headroom)) - HeapBytes);

    /// <summary>This process's figures.</summary>
    public static SiloMemory Here(string address) => new(address, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, GC.GetTotalMemory(forceFullCollection: false));
}
