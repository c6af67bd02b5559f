using Org.BouncyCastle.Security;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>A Paillier key made by the driver for one job: it keeps <see cref="PrivateKey"/> and sends <see cref="PublicKey"/>.</summary>
/// <remarks>
/// p and q are random probable primes of |n|/2 bits each from BouncyCastle's generator (trial division, then
/// Miller–Rabin to an error probability below 2^−<see cref="PrimeCertainty"/>), drawn in pairs until n = pq has exactly the
/// requested length. Cost: two prime searches of |n|/2 bits, about a second for |n| = 2048.
/// </remarks>
public sealed record PaillierKeyPair(PaillierPublicKey PublicKey, PaillierPrivateKey PrivateKey)
{
    /// <summary>log₂ of one over the accepted probability that a "prime" is composite.</summary>
    public const int PrimeCertainty = 128;

    /// <summary>A key with an n of <paramref name="modulusBits"/> bits (even, at least <see cref="PaillierPublicKey.MinimumModulusBits"/>).</summary>
    public static PaillierKeyPair Generate(int modulusBits = 3072, SecureRandom? random = null)
    {
        if (modulusBits < PaillierPublicKey.MinimumModulusBits)
        {
            throw new ArgumentOutOfRangeException(
                nameof(modulusBits), modulusBits, $"Paillier keys shorter than {PaillierPublicKey.MinimumModulusBits} bits are refused: they give less than 112-bit security");
        }

        if (modulusBits % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(modulusBits), modulusBits, "a Paillier modulus is made of two primes of equal length, so its length is even");
        }

        random ??= new SecureRandom();
        var half = modulusBits / 2;
        while (true)
        {
            var p = new BigInteger(half, PrimeCertainty, random);
            var q = new BigInteger(half, PrimeCertainty, random);
            if (q.Equals(p) || p.Multiply(q).BitLength != modulusBits)
            {
                continue;
            }

            var privateKey = new PaillierPrivateKey(p, q);
            return new PaillierKeyPair(privateKey.PublicKey, privateKey);
        }
    }
}
