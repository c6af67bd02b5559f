using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// The private half of a Paillier key: the primes p and q of n. Only the driver holds it, and it decrypts only the
/// total: the product of every silo's ciphertexts.
/// </summary>
/// <remarks>
/// Decryption by the Chinese remainder theorem (Paillier 1999 §7, "Decryption using Chinese-remaindering"):
/// m_p = L_p(c^(p−1) mod p²)·h_p mod p with L_p(u) = (u − 1)/p and h_p = L_p(g^(p−1) mod p²)⁻¹ mod p, the same for q,
/// and m = CRT(m_p, m_q). Each exponentiation has a |p|-bit exponent modulo a 2|p|-bit number, so decryption costs
/// about a quarter of the textbook m = L(c^λ mod n²)·μ mod n, which <see cref="DecryptTextbook"/> keeps for checking.
/// </remarks>
public sealed class PaillierPrivateKey
{
    private readonly BigInteger _p;
    private readonly BigInteger _q;
    private readonly BigInteger _pSquared;
    private readonly BigInteger _qSquared;
    private readonly BigInteger _pMinusOne;
    private readonly BigInteger _qMinusOne;
    private readonly BigInteger _hp;
    private readonly BigInteger _hq;
    private readonly BigInteger _qInverseModP;

    /// <summary>From the two distinct primes of n (as <see cref="PaillierKeyPair.Generate"/> makes them).</summary>
    public PaillierPrivateKey(BigInteger p, BigInteger q)
    {
        if (p.Equals(q))
        {
            throw new ArgumentException("the two primes of a Paillier key must differ", nameof(q));
        }

        PublicKey = new PaillierPublicKey(p.Multiply(q));
        var phi = p.Subtract(BigInteger.One).Multiply(q.Subtract(BigInteger.One));
        if (!PublicKey.Modulus.Gcd(phi).Equals(BigInteger.One))
        {
            throw new ArgumentException("gcd(n, (p − 1)(q − 1)) must be 1 for Paillier decryption to exist", nameof(q));
        }

        _p = p;
        _q = q;
        _pSquared = p.Square();
        _qSquared = q.Square();
        _pMinusOne = p.Subtract(BigInteger.One);
        _qMinusOne = q.Subtract(BigInteger.One);
        var g = PublicKey.Modulus.Add(BigInteger.One);
        _hp = L(g.ModPow(_pMinusOne, _pSquared), p).ModInverse(p);
        _hq = L(g.ModPow(_qMinusOne, _qSquared), q).ModInverse(q);
        _qInverseModP = q.ModInverse(p);
    }

    public PaillierPublicKey PublicKey { get; }

    /// <summary>The plaintext in [0, n) of a ciphertext under <see cref="PublicKey"/>.</summary>
    public BigInteger Decrypt(PaillierCiphertext ciphertext)
    {
        var c = Checked(ciphertext);
        var mp = L(c.Mod(_pSquared).ModPow(_pMinusOne, _pSquared), _p).Multiply(_hp).Mod(_p);
        var mq = L(c.Mod(_qSquared).ModPow(_qMinusOne, _qSquared), _q).Multiply(_hq).Mod(_q);

        // Garner: m = m_q + q·((m_p − m_q)·q⁻¹ mod p), in [0, pq).
        return mq.Add(_q.Multiply(mp.Subtract(mq).Multiply(_qInverseModP).Mod(_p)));
    }

    /// <summary>Paillier's scheme 1 decryption as written: m = L(c^λ mod n²)·μ mod n, λ = lcm(p − 1, q − 1).</summary>
    internal BigInteger DecryptTextbook(PaillierCiphertext ciphertext)
    {
        var c = Checked(ciphertext);
        var n = PublicKey.Modulus;
        var lambda = _pMinusOne.Multiply(_qMinusOne).Divide(_pMinusOne.Gcd(_qMinusOne));
        var g = n.Add(BigInteger.One);
        var mu = L(g.ModPow(lambda, PublicKey.ModulusSquared), n).ModInverse(n);
        return L(c.ModPow(lambda, PublicKey.ModulusSquared), n).Multiply(mu).Mod(n);
    }

    private BigInteger Checked(PaillierCiphertext ciphertext)
    {
        var c = ciphertext.Value;
        if (c.SignValue <= 0 || c.CompareTo(PublicKey.ModulusSquared) >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ciphertext), "a ciphertext under this key lies in (0, n²)");
        }

        return c;
    }

    /// <summary>L(u) = (u − 1)/d, exact for the u it is applied to (u ≡ 1 mod d).</summary>
    private static BigInteger L(BigInteger u, BigInteger d) => u.Subtract(BigInteger.One).Divide(d);
}
