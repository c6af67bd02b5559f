namespace ShardML.Core.Numerics;

/// <summary>
/// Counter-based random numbers: a value is a pure function of (seed, stream, counter), computed by the SplitMix64
/// finalizer (Steele, Lea &amp; Flood, 2014). Sampling a row by its global row number therefore gives the same sample
/// whatever the partitioning, the node or the order in which partitions run.
/// </summary>
public static class CounterRandom
{
    /// <summary>A well-mixed 64-bit value of (seed, stream, counter).</summary>
    public static ulong Next(ulong seed, ulong stream, ulong counter) => Combine(seed, StreamKey(stream), CounterKey(counter));

    /// <summary>
    /// <see cref="Next"/> in parts, for loops that draw many values sharing a stream or a counter: Next(seed, s, c) =
    /// Combine(seed, StreamKey(s), CounterKey(c)), so a key computed once saves a third of the work per value.
    /// </summary>
    public static ulong StreamKey(ulong stream) => Mix(stream + 0x9E3779B97F4A7C15UL);

    /// <summary>The counter's part of <see cref="Next"/>; see <see cref="StreamKey"/>.</summary>
    public static ulong CounterKey(ulong counter) => Mix(counter ^ 0xD1B54A32D192ED03UL);

    /// <summary>The value from a seed and precomputed keys; see <see cref="StreamKey"/>.</summary>
    public static ulong Combine(ulong seed, ulong streamKey, ulong counterKey) => Mix(seed ^ streamKey ^ counterKey);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public static double NextDouble(ulong seed, ulong stream, ulong counter) =>
        (Next(seed, stream, counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Derives an independent 32-bit seed for a <see cref="Random"/> from a job seed and a purpose.</summary>
    public static int DeriveSeed(ulong seed, ulong purpose) => (int)(Next(seed, purpose, 0) & int.MaxValue);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
