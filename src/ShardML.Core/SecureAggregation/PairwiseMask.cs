using System.Buffers;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// Pairwise additive masking (Bonawitz et al., "Practical Secure Aggregation for Privacy-Preserving Machine Learning",
/// CCS 2017, §4, the masks without the dropout-recovery layer): party i adds PRG(s_ij) for every peer j ordered after
/// it and subtracts PRG(s_ij) for every peer ordered before it, modulo 2⁶⁴. Each pair's mask enters the total once
/// with each sign, so the masks cancel exactly in the sum over all parties of an attempt, and that sum is all anyone
/// learns; one party's masked vector alone is uniformly distributed to whoever lacks its seeds.
/// </summary>
/// <remarks>
/// Parties are ordered by <see cref="string.CompareOrdinal(string, string)"/> of their ids, which both ends of a pair
/// compute alike. Unmasking needs every party of the attempt: if one is lost, the pass is run again among the
/// survivors with a new attempt number, hence fresh seeds, so no masked vector is ever unmasked on its own; that
/// costs one more pass (every survivor's partitions again) per loss, in place of Bonawitz's Shamir shares of the seeds.
/// Cost: (parties − 1)·d/2 AES blocks and as many word additions per party.
/// </remarks>
public static class PairwiseMask
{
    /// <summary>Words generated and added per round trip through the cache: 32 KB.</summary>
    private const int ChunkWords = 4096;

    /// <summary>Masks <paramref name="encoded"/> in place with one seed per peer of the attempt (not including <paramref name="selfId"/>).</summary>
    public static void Apply(Span<ulong> encoded, string selfId, IReadOnlyDictionary<string, byte[]> seedsByPeer)
    {
        ArgumentNullException.ThrowIfNull(selfId);
        ArgumentNullException.ThrowIfNull(seedsByPeer);
        if (seedsByPeer.ContainsKey(selfId))
        {
            throw new ArgumentException($"party '{selfId}' cannot mask with a seed shared with itself", nameof(seedsByPeer));
        }

        var buffer = ArrayPool<ulong>.Shared.Rent(Math.Min(ChunkWords, Math.Max(encoded.Length, 1)));
        try
        {
            foreach (var (peer, seed) in seedsByPeer)
            {
                var add = string.CompareOrdinal(peer, selfId) > 0;
                using var stream = new MaskGenerator(seed);
                for (var start = 0; start < encoded.Length; start += ChunkWords)
                {
                    var target = encoded.Slice(start, Math.Min(ChunkWords, encoded.Length - start));
                    var mask = buffer.AsSpan(0, target.Length);
                    stream.Fill(mask);
                    if (add)
                    {
                        ModularVector.Add(target, mask);
                    }
                    else
                    {
                        ModularVector.Subtract(target, mask);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer, clearArray: true); // it held key stream
        }
    }
}
