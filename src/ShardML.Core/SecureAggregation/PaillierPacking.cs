using System.Buffers.Binary;
using System.Numerics;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// How many fixed-point values one Paillier plaintext carries, and where: slot i holds bits [i·w, (i+1)·w) of the
/// plaintext, w = <see cref="ValueBits"/> + ⌈log₂ <see cref="Contributors"/>⌉, so that the slot-wise sum of up to
/// C plaintexts never carries into the next slot and one homomorphic addition adds whole vectors.
/// </summary>
/// <remarks>
/// A value x (a word of <see cref="FixedPointCodec"/>, −2^(b−1) ≤ x &lt; 2^(b−1) with b = <see cref="ValueBits"/>) is
/// stored offset, as x + 2^(b−1) ∈ [0, 2^b); a sum of k such is in [0, k·2^b) ⊂ [0, 2^w) for k ≤ C, and unpacking
/// subtracts k·2^(b−1) modulo 2⁶⁴, which gives the total in ℤ/2⁶⁴ exactly as the masked path does. Slots fill
/// |n| − 1 bits at most, so a packed plaintext is below 2^(|n|−1) ≤ n and is never reduced mod n: that top bit is
/// the whole safety margin needed. Cost: O(|n|) bit copying per plaintext, nothing beside the encryption.
/// </remarks>
public sealed class PaillierPacking
{
    public PaillierPacking(int valueBits, int contributors, int modulusBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(valueBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(valueBits, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(contributors, 1);
        ValueBits = valueBits;
        Contributors = contributors;
        ModulusBits = modulusBits;
        SlotBits = valueBits + (int)BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)contributors));
        SlotsPerPlaintext = (modulusBits - 1) / SlotBits;
        if (SlotsPerPlaintext < 1)
        {
            throw new ArgumentException($"a {SlotBits}-bit slot ({valueBits}-bit values, {contributors} contributors) does not fit a {modulusBits}-bit Paillier modulus");
        }
    }

    /// <summary>b: every value packed is a b-bit two's-complement integer.</summary>
    public int ValueBits { get; }

    /// <summary>C: how many plaintexts may be added before a slot could overflow.</summary>
    public int Contributors { get; }

    /// <summary>|n| of the key the plaintexts are for.</summary>
    public int ModulusBits { get; }

    /// <summary>w = b + ⌈log₂ C⌉.</summary>
    public int SlotBits { get; }

    /// <summary>⌊(|n| − 1) / w⌋.</summary>
    public int SlotsPerPlaintext { get; }

    /// <summary>The packing of <paramref name="codec"/>'s words under <paramref name="key"/>, with the codec's contributor count.</summary>
    public static PaillierPacking For(FixedPointCodec codec, PaillierPublicKey key) => new(codec.ValueBits, codec.Contributors, key.ModulusBits);

    /// <summary>Plaintexts (hence ciphertexts) a vector of <paramref name="length"/> values needs.</summary>
    public int PlaintextCount(int length) => (length + SlotsPerPlaintext - 1) / SlotsPerPlaintext;

    /// <summary>Packs up to <see cref="SlotsPerPlaintext"/> words; throws when there are more, or a word is not a b-bit integer.</summary>
    public BigInteger Pack(ReadOnlySpan<ulong> values)
    {
        if (values.Length > SlotsPerPlaintext)
        {
            throw new ArgumentException($"{values.Length} values do not fit one plaintext of {SlotsPerPlaintext} slots of {SlotBits} bits", nameof(values));
        }

        var offset = 1UL << (ValueBits - 1);
        var words = new ulong[WordCount(values.Length)];
        for (var i = 0; i < values.Length; i++)
        {
            var value = unchecked((long)values[i]);
            if (ValueBits < 64 && (value < -(long)offset || value >= (long)offset))
            {
                throw new ArgumentOutOfRangeException(nameof(values), $"value {value} at index {i} is not a {ValueBits}-bit integer, as this packing's slots assume");
            }

            Write(words, i * SlotBits, unchecked(values[i] + offset));
        }

        return new BigInteger(1, ToBigEndian(words));
    }

    /// <summary>
    /// Reads <c>destination.Length</c> slots of a plaintext that is the sum of <paramref name="addends"/> packed ones,
    /// as totals in ℤ/2⁶⁴. Throws when there are more addends than <see cref="Contributors"/>, or a slot holds more
    /// than they could sum to (the plaintext was packed otherwise).
    /// </summary>
    public void Unpack(BigInteger plaintext, int addends, Span<ulong> destination)
    {
        if (addends < 1 || addends > Contributors)
        {
            throw new ArgumentOutOfRangeException(nameof(addends), addends, $"this packing's slots have headroom for 1 to {Contributors} addends");
        }

        if (destination.Length > SlotsPerPlaintext)
        {
            throw new ArgumentException($"one plaintext holds {SlotsPerPlaintext} slots, not {destination.Length}", nameof(destination));
        }

        if (plaintext.SignValue < 0 || plaintext.BitLength > SlotsPerPlaintext * SlotBits)
        {
            throw new ArgumentException($"a {plaintext.BitLength}-bit plaintext was not packed in {SlotsPerPlaintext} slots of {SlotBits} bits", nameof(plaintext));
        }

        var words = FromBigEndian(plaintext.ToByteArrayUnsigned(), WordCount(SlotsPerPlaintext));
        var limit = (UInt128)(uint)addends << ValueBits;
        var offsets = unchecked((ulong)addends * (1UL << (ValueBits - 1)));
        for (var i = 0; i < destination.Length; i++)
        {
            var slot = Read(words, i * SlotBits, SlotBits);
            if (slot >= limit)
            {
                throw new ArgumentException($"slot {i} holds {slot}, more than {addends} values of {ValueBits} bits can sum to", nameof(plaintext));
            }

            destination[i] = unchecked((ulong)slot - offsets);
        }
    }

    /// <summary>Words of the bit buffer for <paramref name="slots"/> slots, with two spare words so a read never runs off the end.</summary>
    private int WordCount(int slots) => ((slots * SlotBits) + 63) / 64 + 2;

    private static void Write(ulong[] words, int bit, ulong value)
    {
        var word = bit >> 6;
        var shift = bit & 63;
        words[word] |= value << shift;
        if (shift != 0)
        {
            words[word + 1] |= value >> (64 - shift);
        }
    }

    private static UInt128 Read(ulong[] words, int bit, int width)
    {
        var word = bit >> 6;
        var shift = bit & 63;
        var value = new UInt128(words[word + 1], words[word]) >> shift;
        if (shift != 0)
        {
            value |= (UInt128)words[word + 2] << (128 - shift);
        }

        return value & ((UInt128.One << width) - 1);
    }

    private static byte[] ToBigEndian(ulong[] words)
    {
        var bytes = new byte[words.Length * 8];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan((words.Length - 1 - i) * 8), words[i]);
        }

        return bytes;
    }

    private static ulong[] FromBigEndian(byte[] bytes, int wordCount)
    {
        var padded = new byte[wordCount * 8];
        bytes.CopyTo(padded, padded.Length - bytes.Length);
        var words = new ulong[wordCount];
        for (var i = 0; i < wordCount; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt64BigEndian(padded.AsSpan((wordCount - 1 - i) * 8));
        }

        return words;
    }
}
