using Org.BouncyCastle.Security;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// Whole vectors under Paillier: a silo encrypts its encoded sum packed (<see cref="PaillierPacking"/>), anyone adds
/// the silos' ciphertext vectors element-wise, the driver decrypts only the total and reads it back as a word vector
/// of ℤ/2⁶⁴ for <see cref="FixedPointCodec.Decode(ReadOnlySpan{ulong})"/>.
/// </summary>
/// <remarks>
/// Cost for d values in s slots per plaintext: ⌈d/s⌉ encryptions per silo (independent, so spread over its cores), ⌈d/s⌉ multiplications mod n² per
/// addition, ⌈d/s⌉ CRT decryptions at the driver; ⌈d/s⌉·2|n| bits on the wire per silo, against 64·d masked.
/// </remarks>
public static class PaillierVector
{
    /// <summary>
    /// Encrypts <paramref name="encoded"/> packed, one ciphertext per <see cref="PaillierPacking.SlotsPerPlaintext"/>
    /// words, on up to <paramref name="maximumParallelism"/> cores. The randomness is drawn from
    /// <paramref name="random"/> on the calling thread first, so a <see cref="SecureRandom"/> need not be thread-safe.
    /// </summary>
    public static PaillierCiphertext[] Encrypt(
        PaillierPublicKey key, PaillierPacking packing, ReadOnlySpan<ulong> encoded, SecureRandom random, int maximumParallelism = 1)
    {
        RequireSameModulus(key, packing);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumParallelism, 1);
        var slots = packing.SlotsPerPlaintext;
        var count = packing.PlaintextCount(encoded.Length);
        var plaintexts = new BigInteger[count];
        var units = new BigInteger[count];
        for (var i = 0; i < count; i++)
        {
            var start = i * slots;
            plaintexts[i] = packing.Pack(encoded.Slice(start, Math.Min(slots, encoded.Length - start)));
            units[i] = key.DrawUnit(random);
        }

        var ciphertexts = new PaillierCiphertext[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maximumParallelism }, i => ciphertexts[i] = key.Encrypt(plaintexts[i], units[i]));
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
