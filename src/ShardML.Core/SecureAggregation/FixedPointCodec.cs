using System.Numerics;
using System.Runtime.Intrinsics;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// Fixed-point encoding of a summary that is a sum (gradients, moments, K-means sums and counts) into ℤ/2⁶⁴, so that
/// it can be masked or encrypted and still add up: x ↦ round(x·2^f) as a two's-complement word. Integer addition
/// modulo 2⁶⁴ is exact, associative and commutative, so the decoded total has the same bits in any order or grouping.
/// </summary>
/// <remarks>
/// Scale: with B the bound on |x| and C the number of encoded vectors that will be added, f is the largest integer with
/// C·round(B·2^f) ≤ 2^(T−1) − 1 (T = <see cref="TotalBits"/>, 64 unless a narrower total is asked for, as Paillier
/// packing may): the condition C·B·2^f &lt; 2^(T−1), with the rounding of each value counted, so any C encodings of
/// values within the bound add up to a total that the two's-complement decoding recovers exactly. A value outside the
/// bound is refused (<see cref="FixedPointBoundException"/>), never wrapped.
/// Error: each encoding rounds to the nearest multiple of 2^−f, so a decoded total is within C·2^−(f+1)
/// (<see cref="QuantizationErrorBound"/>) of the exact sum of the doubles, plus one rounding to double of the total
/// (relative 2⁻⁵³). Cost: O(d) per encode or decode, one scale-and-round per value.
/// </remarks>
public sealed class FixedPointCodec
{
    /// <summary>The widest total: a word of ℤ/2⁶⁴.</summary>
    public const int MaximumTotalBits = 64;

    private const double TwoToThe63 = 9223372036854775808.0;

    public FixedPointCodec(double bound, int contributors, int totalBits = MaximumTotalBits)
    {
        FractionalBits = ChooseFractionalBits(bound, contributors, totalBits);
        Bound = bound;
        Contributors = contributors;
        TotalBits = totalBits;
        var largest = LargestEncoded(bound, FractionalBits);
        ValueBits = 64 - BitOperations.LeadingZeroCount(largest) + 1;
        QuantizationErrorBound = Math.ScaleB(contributors, -(FractionalBits + 1));
    }

    /// <summary>The bound B on |value| this encoding was sized for.</summary>
    public double Bound { get; }

    /// <summary>How many encoded vectors may be added (C): silos masking, or Paillier ciphertexts summed.</summary>
    public int Contributors { get; }

    /// <summary>T: the total of <see cref="Contributors"/> encodings fits in a T-bit two's-complement integer.</summary>
    public int TotalBits { get; }

    /// <summary>f: a value is stored as round(value·2^f).</summary>
    public int FractionalBits { get; }

    /// <summary>Bits of a two's-complement integer that holds any one encoded value: what a Paillier slot must carry.</summary>
    public int ValueBits { get; }

    /// <summary>C·2^−(f+1): how far a decoded total may be from the exact sum of the doubles encoded.</summary>
    public double QuantizationErrorBound { get; }

    /// <summary>
    /// The largest f with C·round(B·2^f) ≤ 2^(T−1) − 1. Throws when the bound is not a positive finite number, there are
    /// no contributors, or T is outside [2, 64].
    /// </summary>
    public static int ChooseFractionalBits(double bound, int contributors, int totalBits = MaximumTotalBits)
    {
        if (!double.IsFinite(bound) || bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "the bound on |value| must be a positive finite number");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(contributors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalBits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalBits, MaximumTotalBits);
        if ((ulong)contributors > (1UL << (totalBits - 1)) - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(contributors), contributors, $"{contributors} contributors cannot share a {totalBits}-bit total");
        }

        // B·2^f ≈ 2^(T−1)/C: start there and step to the exact boundary (the condition is monotone in f).
        var f = totalBits - 2 - (int)Math.Ceiling(Math.Log2(contributors)) - Math.ILogB(bound);
        while (Fits(bound, contributors, totalBits, f + 1))
        {
            f++;
        }

        while (!Fits(bound, contributors, totalBits, f))
        {
            f--;
        }

        return f;
    }

    /// <summary>Encodes <paramref name="values"/>; throws <see cref="FixedPointBoundException"/> on the first value outside ±B (NaN included).</summary>
    public ulong[] Encode(ReadOnlySpan<double> values)
    {
        var encoded = new ulong[values.Length];
        Encode(values, encoded);
        return encoded;
    }

    /// <inheritdoc cref="Encode(ReadOnlySpan{double})"/>
    public void Encode(ReadOnlySpan<double> values, Span<ulong> destination)
    {
        if (destination.Length != values.Length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} words for {values.Length} values", nameof(destination));
        }

        var bound = Bound;
        var f = FractionalBits;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (!(Math.Abs(value) <= bound))
            {
                throw new FixedPointBoundException(value, i, bound);
            }

            destination[i] = unchecked((ulong)(long)Math.Round(Math.ScaleB(value, f), MidpointRounding.ToEven));
        }
    }

    /// <summary>
    /// Adds the encoding of <paramref name="values"/> to <paramref name="total"/> modulo 2⁶⁴: the words
    /// <see cref="Encode(ReadOnlySpan{double}, Span{ulong})"/> would give, added as <see cref="ModularVector.Add"/> would, in
    /// one sweep and without them. Throws <see cref="FixedPointBoundException"/> on the first value outside ±B, leaving
    /// the values before it added.
    /// </summary>
    /// <remarks>
    /// x·2^f is computed as x times the double 2^f, exact for a normal 2^f (a power of two only moves the exponent), so the
    /// vector path rounds the same products to the same integers (to even, as <see cref="Math.Round(double, MidpointRounding)"/>)
    /// and has the scalar path's bits. Cost: one multiply, round, convert and add per value, four values a step.
    /// </remarks>
    public void EncodeAdd(ReadOnlySpan<double> values, Span<ulong> total)
    {
        if (total.Length != values.Length)
        {
            throw new ArgumentException($"the total holds {total.Length} words for {values.Length} values", nameof(total));
        }

        var scale = Math.ScaleB(1.0, FractionalBits);
        var i = 0;
        if (Vector256.IsHardwareAccelerated && double.IsNormal(scale))
        {
            var factor = Vector256.Create(scale);
            var bound = Vector256.Create(Bound);
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var x = Vector256.Create(values.Slice(i, Vector256<double>.Count));
                if (!Vector256.LessThanOrEqualAll(Vector256.Abs(x), bound))
                {
                    break; // NaN too: the scalar path below reports the value and its index
                }

                var words = Vector256.ConvertToInt64(Vector256.Round(x * factor)).AsUInt64();
                var slot = total.Slice(i, Vector256<ulong>.Count);
                (Vector256.Create((ReadOnlySpan<ulong>)slot) + words).CopyTo(slot);
            }
        }

        for (; i < values.Length; i++)
        {
            var value = values[i];
            if (!(Math.Abs(value) <= Bound))
            {
                throw new FixedPointBoundException(value, i, Bound);
            }

            total[i] = unchecked(total[i] + (ulong)(long)Math.Round(Math.ScaleB(value, FractionalBits), MidpointRounding.ToEven));
        }
    }

    /// <summary>Decodes a total (a sum mod 2⁶⁴ of at most <see cref="Contributors"/> encodings) back to doubles.</summary>
    public double[] Decode(ReadOnlySpan<ulong> total)
    {
        var decoded = new double[total.Length];
        Decode(total, decoded);
        return decoded;
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{ulong})"/>
    public void Decode(ReadOnlySpan<ulong> total, Span<double> destination)
    {
        if (destination.Length != total.Length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} values for {total.Length} words", nameof(destination));
        }

        var shift = -FractionalBits;
        for (var i = 0; i < total.Length; i++)
        {
            destination[i] = Math.ScaleB(unchecked((long)total[i]), shift);
        }
    }

    private static bool Fits(double bound, int contributors, int totalBits, int f)
    {
        var scaled = Math.Round(Math.ScaleB(bound, f), MidpointRounding.ToEven);
        if (!(scaled < TwoToThe63))
        {
            return false;
        }

        var limit = (UInt128)((1UL << (totalBits - 1)) - 1);
        return (UInt128)(ulong)contributors * (ulong)scaled <= limit;
    }

    private static ulong LargestEncoded(double bound, int f) => (ulong)Math.Round(Math.ScaleB(bound, f), MidpointRounding.ToEven);
}
