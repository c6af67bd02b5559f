using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ShardML.Core.SecureAggregation;

namespace ShardML.Runtime.SecureAggregation;

/// <summary>
/// The bytes of a silo's share. Masking: the masked words, little-endian — first the <see cref="SumBound.ClassCount"/>
/// words of the bound histogram, then the sums. Paillier: the count of histogram ciphertexts (4 bytes, big-endian), then
/// every ciphertext as <see cref="PaillierPublicKey.WriteCiphertext"/> writes it, the histogram's first. The histogram's
/// words are 0 or 1 and are packed narrow (2-bit values); the sums are whole 64-bit words.
/// </summary>
internal static class SharePayload
{
    /// <summary>How the histogram's 0/1 words are packed for <paramref name="participants"/> silos.</summary>
    public static PaillierPacking HistogramPacking(int participants, int modulusBits) => new(2, participants, modulusBits);

    /// <summary>How a silo's integer sums (any 64-bit word) are packed for <paramref name="participants"/> silos.</summary>
    public static PaillierPacking SumsPacking(int participants, int modulusBits) => new(64, participants, modulusBits);

    /// <summary>The words of a masked share being built in its payload (native order until <see cref="Seal"/>).</summary>
    public static Span<ulong> Words(byte[] payload) => MemoryMarshal.Cast<byte, ulong>(payload.AsSpan());

    /// <summary>Puts the words built in <paramref name="payload"/> in little-endian order, as they travel; returns it.</summary>
    public static byte[] Seal(byte[] payload)
    {
        if (!BitConverter.IsLittleEndian)
        {
            var view = Words(payload);
            BinaryPrimitives.ReverseEndianness(view, view);
        }

        return payload;
    }

    /// <summary>Adds a masked share's words to <paramref name="total"/> modulo 2⁶⁴.</summary>
    public static void AddWords(byte[] bytes, Span<ulong> total)
    {
        if (bytes.Length != total.Length * sizeof(ulong))
        {
            throw new InvalidOperationException($"a masked share of {total.Length} words takes {total.Length * sizeof(ulong)} bytes, not {bytes.Length}");
        }

        var words = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan());
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        ModularVector.Add(total, words);
    }

    public static byte[] FromCiphertexts(PaillierPublicKey key, IReadOnlyList<PaillierCiphertext> histogram, IReadOnlyList<PaillierCiphertext> sums)
    {
        var size = 4 + key.CiphertextBytes;
        var bytes = new byte[4 + ((histogram.Count + sums.Count) * size)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, histogram.Count);
        var at = 4;
        foreach (var c in histogram.Concat(sums))
        {
            key.WriteCiphertext(c).CopyTo(bytes, at);
            at += size;
        }

        return bytes;
    }

    public static (PaillierCiphertext[] Histogram, PaillierCiphertext[] Sums) ToCiphertexts(PaillierPublicKey key, byte[] bytes)
    {
        var size = 4 + key.CiphertextBytes;
        var count = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(bytes) : -1;
        if (count < 0 || (bytes.Length - 4) % size != 0 || count > (bytes.Length - 4) / size)
        {
            throw new InvalidOperationException($"a Paillier share of {bytes.Length} bytes is not whole ciphertexts of {size} bytes");
        }

        var all = new PaillierCiphertext[(bytes.Length - 4) / size];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = key.ReadCiphertext(bytes.AsSpan(4 + (i * size), size));
        }

        return (all[..count], all[count..]);
    }
}
