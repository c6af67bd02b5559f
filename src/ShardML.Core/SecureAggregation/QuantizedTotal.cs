namespace ShardML.Core.SecureAggregation;

/// <summary>
/// The total secure aggregation computes, from the partitions' sums in one process: every partition's vector encoded
/// with the pass's codec (<see cref="SumBound"/>, one contributor per partition), the words added modulo 2⁶⁴, the
/// total decoded. The runtime computes the same words spread over silos, masked or encrypted, so its totals have
/// these bits whatever the placement; this is their reference. Not finite anywhere gives NaN everywhere.
/// </summary>
public static class QuantizedTotal
{
    /// <summary>The decoded total of <paramref name="partitions"/>, each a vector of the same length.</summary>
    public static double[] Of(IReadOnlyList<double[]> partitions)
    {
        ArgumentOutOfRangeException.ThrowIfZero(partitions.Count);
        var length = partitions[0].Length;
        var boundClass = 0;
        foreach (var p in partitions)
        {
            if (p.Length != length)
            {
                throw new ArgumentException($"partition sums of lengths {length} and {p.Length} cannot be added", nameof(partitions));
            }

            boundClass = Math.Max(boundClass, SumBound.ClassOf(p));
        }

        if (boundClass == SumBound.NotFiniteClass)
        {
            return Enumerable.Repeat(double.NaN, length).ToArray();
        }

        var codec = SumBound.CodecFor(boundClass, partitions.Count);
        var total = new ulong[length];
        foreach (var p in partitions)
        {
            codec.EncodeAdd(p, total);
        }

        return codec.Decode(total);
    }
}
