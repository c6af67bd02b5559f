using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using ShardML.Core.SecureAggregation;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class PaillierTests
{
    private readonly PaillierKeyPair _key = TestPaillierKey.Value;
    private readonly SecureRandom _random = new();

    [Fact]
    public void A_generated_key_has_a_modulus_of_exactly_the_requested_length()
    {
        Assert.Equal(2048, _key.PublicKey.ModulusBits);
        Assert.Equal(2048, _key.PublicKey.Modulus.BitLength);
    }

    [Fact]
    public void The_product_of_two_ciphertexts_decrypts_to_the_sum_of_their_plaintexts()
    {
        var n = _key.PublicKey.Modulus;
        for (var trial = 0; trial < 5; trial++)
        {
            var a = BigIntegers.CreateRandomBigInteger(2000, _random);
            var b = BigIntegers.CreateRandomBigInteger(2000, _random);

            var sum = _key.PublicKey.Add(_key.PublicKey.Encrypt(a, _random), _key.PublicKey.Encrypt(b, _random));

            Assert.Equal(a.Add(b), _key.PrivateKey.Decrypt(sum));
            Assert.Equal(2, sum.Addends);
        }

        var large = n.Subtract(BigInteger.One);
        var wrapped = _key.PublicKey.Add(_key.PublicKey.Encrypt(large, _random), _key.PublicKey.Encrypt(BigInteger.Two, _random));
        Assert.Equal(BigInteger.One, _key.PrivateKey.Decrypt(wrapped)); // (n − 1) + 2 = 1 mod n
    }

    [Fact]
    public void CRT_decryption_equals_textbook_decryption()
    {
        var n2 = _key.PublicKey.ModulusSquared;
        var ciphertexts = new List<PaillierCiphertext>
        {
            _key.PublicKey.Encrypt(BigInteger.Zero, _random),
            _key.PublicKey.Encrypt(_key.PublicKey.Modulus.Subtract(BigInteger.One), _random),
        };
        for (var trial = 0; trial < 4; trial++)
        {
            ciphertexts.Add(new PaillierCiphertext(BigIntegers.CreateRandomInRange(BigInteger.One, n2.Subtract(BigInteger.One), _random), 1));
        }

        foreach (var ciphertext in ciphertexts)
        {
            Assert.Equal(_key.PrivateKey.DecryptTextbook(ciphertext), _key.PrivateKey.Decrypt(ciphertext));
        }
    }

    [Fact]
    public void Encryption_is_randomized()
    {
        var m = BigInteger.ValueOf(42);

        Assert.NotEqual(_key.PublicKey.Encrypt(m, _random).Value, _key.PublicKey.Encrypt(m, _random).Value);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2046)]
    public void Keys_shorter_than_2048_bits_are_refused(int bits)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PaillierKeyPair.Generate(bits));
        Assert.Contains("2048", error.Message);

        var shortModulus = BigInteger.One.ShiftLeft(bits - 1).Add(BigInteger.One);
        var keyError = Assert.Throws<ArgumentException>(() => new PaillierPublicKey(shortModulus));
        Assert.Contains("2048", keyError.Message);
    }

    [Fact]
    public void An_odd_key_length_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierKeyPair.Generate(2049));
    }

    [Fact]
    public void A_plaintext_outside_zero_to_n_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _key.PublicKey.Encrypt(_key.PublicKey.Modulus, _random));
        Assert.Throws<ArgumentOutOfRangeException>(() => _key.PublicKey.Encrypt(BigInteger.One.Negate(), _random));
    }

    [Fact]
    public void The_public_key_and_ciphertexts_travel_as_bytes()
    {
        var bytes = _key.PublicKey.ToBytes();
        var copy = PaillierPublicKey.FromBytes(bytes);
        var ciphertext = copy.Encrypt(BigInteger.ValueOf(1234567), _random);

        var received = _key.PublicKey.ReadCiphertext(copy.WriteCiphertext(ciphertext));

        Assert.Equal(_key.PublicKey, copy);
        Assert.Equal(ciphertext, received);
        Assert.Equal(BigInteger.ValueOf(1234567), _key.PrivateKey.Decrypt(received));
    }

    [Fact]
    public void Bytes_that_are_not_a_key_or_a_ciphertext_are_refused()
    {
        var bytes = _key.PublicKey.ToBytes();

        Assert.Throws<FormatException>(() => PaillierPublicKey.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => PaillierPublicKey.FromBytes("nope"u8));
        var ciphertext = _key.PublicKey.WriteCiphertext(_key.PublicKey.Encrypt(BigInteger.One, _random));
        Assert.Throws<FormatException>(() => _key.PublicKey.ReadCiphertext(ciphertext.AsSpan(1)));
        Assert.Throws<FormatException>(() => _key.PublicKey.ReadCiphertext(new byte[ciphertext.Length]));
    }
}
