using System.Buffers.Binary;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// The public half of a Paillier key: what silos need to encrypt their sums and anyone needs to add ciphertexts.
/// Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity Classes", EUROCRYPT 1999, with g = n + 1.
/// </summary>
/// <remarks>
/// Encryption: c = g^m·rⁿ = (1 + m·n)·rⁿ mod n² with r uniform in ℤ*_n (from a <see cref="SecureRandom"/>), since
/// (1 + n)^m = 1 + m·n mod n². Addition: Enc(a)·Enc(b) mod n² = Enc(a + b mod n). Semantically secure under the
/// decisional composite residuosity assumption; n of at least 2048 bits (112-bit security, NIST SP 800-57).
/// Cost: encryption is one exponentiation mod n² with an exponent of |n| bits; addition one multiplication mod n².
/// </remarks>
public sealed class PaillierPublicKey
{
    /// <summary>The shortest modulus accepted.</summary>
    public const int MinimumModulusBits = 2048;

    private static ReadOnlySpan<byte> Magic => "SMPK"u8;

    private const byte FormatVersion = 1;

    private readonly BarrettReducer _reducer;

    public PaillierPublicKey(BigInteger modulus)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        if (modulus.BitLength < MinimumModulusBits)
        {
            throw new ArgumentException(
                $"a Paillier modulus of {modulus.BitLength} bits is refused: at least {MinimumModulusBits} bits are needed for 112-bit security", nameof(modulus));
        }

        if (!modulus.TestBit(0))
        {
            throw new ArgumentException("a Paillier modulus is a product of two odd primes, so it is odd", nameof(modulus));
        }

        Modulus = modulus;
        ModulusSquared = modulus.Square();
        _reducer = new BarrettReducer(ModulusSquared);
    }

    /// <summary>n.</summary>
    public BigInteger Modulus { get; }

    /// <summary>n², where ciphertexts live.</summary>
    public BigInteger ModulusSquared { get; }

    /// <summary>|n| in bits: what the plaintext slots are cut from.</summary>
    public int ModulusBits => Modulus.BitLength;

    /// <summary>Bytes of a serialized ciphertext's value: n² in big-endian, padded.</summary>
    public int CiphertextBytes => (ModulusSquared.BitLength + 7) / 8;

    /// <summary>Reads a key written by <see cref="ToBytes"/>.</summary>
    public static PaillierPublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length + 5 || !bytes[..Magic.Length].SequenceEqual(Magic) || bytes[Magic.Length] != FormatVersion)
        {
            throw new FormatException("not a ShardML Paillier public key (version 1)");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(bytes[(Magic.Length + 1)..]);
        var body = bytes[(Magic.Length + 5)..];
        if (length <= 0 || length != body.Length)
        {
            throw new FormatException($"a Paillier public key announces {length} bytes of modulus but carries {body.Length}");
        }

        return new PaillierPublicKey(new BigInteger(1, body.ToArray()));
    }

    /// <summary>"SMPK", a version byte, the modulus' length (4 bytes, big-endian) and the modulus (unsigned, big-endian).</summary>
    public byte[] ToBytes()
    {
        var modulus = Modulus.ToByteArrayUnsigned();
        var bytes = new byte[Magic.Length + 5 + modulus.Length];
        Magic.CopyTo(bytes);
        bytes[Magic.Length] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(Magic.Length + 1), modulus.Length);
        modulus.CopyTo(bytes, Magic.Length + 5);
        return bytes;
    }

    /// <summary>Encrypts 0 ≤ <paramref name="plaintext"/> &lt; n.</summary>
    public PaillierCiphertext Encrypt(BigInteger plaintext, SecureRandom random) => Encrypt(plaintext, DrawUnit(random));

    /// <summary>Encrypts with a given r: each r must be drawn by <see cref="DrawUnit"/> for one encryption only.</summary>
    internal PaillierCiphertext Encrypt(BigInteger plaintext, BigInteger r)
    {
        if (plaintext.SignValue < 0 || plaintext.CompareTo(Modulus) >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(plaintext), "a Paillier plaintext lies in [0, n)");
        }

        var gm = BigInteger.One.Add(plaintext.Multiply(Modulus)); // (1 + n)^m mod n², which needs no exponentiation
        return new PaillierCiphertext(_reducer.Multiply(gm, r.ModPow(Modulus, ModulusSquared)), 1);
    }

    /// <summary>r uniform in ℤ*_n: the randomness of one encryption.</summary>
    internal BigInteger DrawUnit(SecureRandom random)
    {
        BigInteger r;
        do
        {
            r = BigIntegers.CreateRandomInRange(BigInteger.One, Modulus.Subtract(BigInteger.One), random);
        }
        while (!r.Gcd(Modulus).Equals(BigInteger.One)); // a factor of n: probability about 2^−1023

        return r;
    }

    /// <summary>The ciphertext of the sum of the two plaintexts (mod n).</summary>
    public PaillierCiphertext Add(PaillierCiphertext left, PaillierCiphertext right)
        => new(_reducer.Multiply(left.Value, right.Value), checked(left.Addends + right.Addends));

    /// <summary>The addend count (4 bytes, big-endian) and the value padded to <see cref="CiphertextBytes"/>.</summary>
    public byte[] WriteCiphertext(PaillierCiphertext ciphertext)
    {
        var bytes = new byte[4 + CiphertextBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, ciphertext.Addends);
        BigIntegers.AsUnsignedByteArray(ciphertext.Value).CopyTo(bytes.AsSpan(bytes.Length - BigIntegers.GetUnsignedByteLength(ciphertext.Value)));
        return bytes;
    }

    /// <summary>Reads a ciphertext written by <see cref="WriteCiphertext"/> under this key; refuses one outside (0, n²).</summary>
    public PaillierCiphertext ReadCiphertext(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 4 + CiphertextBytes)
        {
            throw new FormatException($"a ciphertext under this {ModulusBits}-bit key takes {4 + CiphertextBytes} bytes, not {bytes.Length}");
        }

        var addends = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var value = new BigInteger(1, bytes[4..].ToArray());
        if (addends < 1 || value.SignValue <= 0 || value.CompareTo(ModulusSquared) >= 0)
        {
            throw new FormatException("not a ciphertext under this key: its value must lie in (0, n²) and it must sum at least one encryption");
        }

        return new PaillierCiphertext(value, addends);
    }

    public override bool Equals(object? obj) => obj is PaillierPublicKey other && Modulus.Equals(other.Modulus);

    public override int GetHashCode() => Modulus.GetHashCode();
}
