using Org.BouncyCastle.Security;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// Whole vectors under Paillier: a silo encrypts its encoded sum packed (<see cref="PaillierPacking"/>), anyone adds
/// the silos' ciphertext vectors element-wise, the driver decrypts only the total and reads it back as a word vector
/// of ℤ/2⁶⁴ for <see cref="FixedPointCodec.Decode(ReadOnlySpan{ulong})"/>.
/// </summary>
/// <remarks>
/// Cost for d values in s slots per plaintext: ⌈d/s⌉ encryptions per silo, ⌈d/s⌉ multiplications mod n² per
/// addition, ⌈d/s⌉ CRT decryptions at the driver; ⌈d/s⌉·2|n| bits on the wire per silo, against 64·d masked.
/// </remarks>
public static class PaillierVector
{
    /// <summary>Encrypts <paramref name="encoded"/> packed, one ciphertext per <see cref="PaillierPacking.SlotsPerPlaintext"/> words.</summary>
    public static PaillierCiphertext[] Encrypt(PaillierPublicKey key, PaillierPacking packing, ReadOnlySpan<ulong> encoded, SecureRandom random)
    {
        RequireSameModulus(key, packing);
        var slots = packing.SlotsPerPlaintext;
        var ciphertexts = new PaillierCiphertext[packing.PlaintextCount(encoded.Length)];
        for (var i = 0; i < ciphertexts.Length; i++)
        {
            var start = i * slots;
            ciphertexts[i] = key.Encrypt(packing.Pack(encoded.Slice(start, Math.Min(slots, encoded.Length - start))), random);
        }

        return ciphertexts;
    }

    /// <summary>The element-wise homomorphic sum of two equally long ciphertext vectors.</summary>
    public static PaillierCiphertext[] Add(PaillierPublicKey key, IReadOnlyList<PaillierCiphertext> left, IReadOnlyList<PaillierCiphertext> right)
    {
        if (left.Count != right.Count)
        {
            throw new ArgumentException($"ciphertext vectors of lengths {left.Count} and {right.Count} cannot be added element-wise");
        }

        var sum = new PaillierCiphertext[left.Count];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = key.Add(left[i], right[i]);
        }

        return sum;
    }

    /// <summary>Decrypts a (summed) ciphertext vector into the <paramref name="length"/> totals it packs, in ℤ/2⁶⁴.</summary>
    public static ulong[] Decrypt(PaillierPrivateKey key, PaillierPacking packing, IReadOnlyList<PaillierCiphertext> ciphertexts, int length)
    {
        RequireSameModulus(key.PublicKey, packing);
        if (ciphertexts.Count != packing.PlaintextCount(length))
        {
            throw new ArgumentException($"{length} values take {packing.PlaintextCount(length)} ciphertexts under this packing, not {ciphertexts.Count}", nameof(ciphertexts));
        }

        var totals = new ulong[length];
        var slots = packing.SlotsPerPlaintext;
        for (var i = 0; i < ciphertexts.Count; i++)
        {
            var start = i * slots;
            packing.Unpack(key.Decrypt(ciphertexts[i]), ciphertexts[i].Addends, totals.AsSpan(start, Math.Min(slots, length - start)));
        }

        return totals;
    }

    private static void RequireSameModulus(PaillierPublicKey key, PaillierPacking packing)
    {
        if (packing.ModulusBits != key.ModulusBits)
        {
            throw new ArgumentException($"the packing was laid out for a {packing.ModulusBits}-bit modulus, the key's is {key.ModulusBits} bits");
        }
    }
}
