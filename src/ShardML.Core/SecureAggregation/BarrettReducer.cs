using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// x mod m for a fixed m by Barrett reduction (Menezes, van Oorschot &amp; Vanstone, Handbook of Applied Cryptography,
/// Algorithm 14.42, base 2): two multiplications and shifts instead of a division. BouncyCastle's
/// <see cref="BigInteger.Mod"/> divides bit by bit, which makes a product mod n² of 2048-bit Paillier about fifty times
/// slower than the multiplication itself; Paillier's additions are exactly such products.
/// </summary>
/// <remarks>
/// With k = |m| and μ = ⌊2^(2k)/m⌋ (one division, once): for 0 ≤ x &lt; 2^(2k), q = ⌊⌊x/2^(k−1)⌋·μ / 2^(k+1)⌋
/// underestimates ⌊x/m⌋ by at most 2, so r = x − q·m lies in [0, 3m) and at most two subtractions finish it.
/// Cost: two k-bit by k-bit multiplications.
/// </remarks>
internal sealed class BarrettReducer
{
    private readonly BigInteger _modulus;
    private readonly BigInteger _mu;
    private readonly int _bits;

    public BarrettReducer(BigInteger modulus)
    {
        if (modulus.SignValue <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), "a Barrett modulus is positive");
        }

        _modulus = modulus;
        _bits = modulus.BitLength;
        _mu = BigInteger.One.ShiftLeft(2 * _bits).Divide(modulus);
    }

    /// <summary>x mod m for 0 ≤ x &lt; 2^(2k) (any product of two residues qualifies).</summary>
    public BigInteger Reduce(BigInteger x)
    {
        if (x.SignValue < 0 || x.BitLength > 2 * _bits)
        {
            throw new ArgumentOutOfRangeException(nameof(x), "Barrett reduction takes 0 ≤ x < 2^(2k)");
        }

        var quotient = x.ShiftRight(_bits - 1).Multiply(_mu).ShiftRight(_bits + 1);
        var remainder = x.Subtract(quotient.Multiply(_modulus));
        while (remainder.CompareTo(_modulus) >= 0)
        {
            remainder = remainder.Subtract(_modulus);
        }

        return remainder;
    }

    /// <summary>a·b mod m for residues a, b.</summary>
    public BigInteger Multiply(BigInteger a, BigInteger b) => Reduce(a.Multiply(b));
}
