using Org.BouncyCastle.Security;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class PaillierVectorTests
{
    private readonly PaillierKeyPair _key = TestPaillierKey.Value;
    private readonly SecureRandom _random = new();

    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 100)]
    [InlineData(4, 61)]
    public void Encrypted_packed_vectors_add_up_to_the_bits_of_the_clear_fixed_point_total(int silos, int length)
    {
        var codec = new FixedPointCodec(5.0, silos);
        var packing = PaillierPacking.For(codec, _key.PublicKey);
        var random = new Random(silos * 1000 + length);
        var encoded = Enumerable.Range(0, silos)
            .Select(_ => codec.Encode([.. Enumerable.Range(0, length).Select(_ => 10 * random.NextDouble() - 5)]))
            .ToArray();

        var ciphertexts = encoded.Select(e => PaillierVector.Encrypt(_key.PublicKey, packing, e, _random)).ToArray();
        var sum = ciphertexts.Aggregate((a, b) => PaillierVector.Add(_key.PublicKey, a, b));
        var totals = PaillierVector.Decrypt(_key.PrivateKey, packing, sum, length);

        Assert.Equal(packing.PlaintextCount(length), sum.Length);
        Assert.Equal(ModularVector.Sum(encoded), totals);
        Assert.Equal(codec.Decode(ModularVector.Sum(encoded)), codec.Decode(totals));
    }

    [Fact]
    public void Encryption_spread_over_cores_decrypts_to_the_same_words()
    {
        var codec = new FixedPointCodec(3.0, 2);
        var packing = PaillierPacking.For(codec, _key.PublicKey);
        var encoded = codec.Encode([.. Enumerable.Range(0, 3 * packing.SlotsPerPlaintext + 5).Select(i => (i % 7) - 3.0)]);

        var ciphertexts = PaillierVector.Encrypt(_key.PublicKey, packing, encoded, _random, maximumParallelism: 4);

        Assert.Equal(4, ciphertexts.Length);
        Assert.Equal(encoded, PaillierVector.Decrypt(_key.PrivateKey, packing, ciphertexts, encoded.Length));
    }

    [Fact]
    public void More_silos_than_the_packing_has_headroom_for_are_refused_at_decryption()
    {
        var codec = new FixedPointCodec(1.0, 2);
        var packing = PaillierPacking.For(codec, _key.PublicKey);
        var one = PaillierVector.Encrypt(_key.PublicKey, packing, codec.Encode([1.0, -1.0]), _random);

        var three = PaillierVector.Add(_key.PublicKey, PaillierVector.Add(_key.PublicKey, one, one), one);

        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierVector.Decrypt(_key.PrivateKey, packing, three, 2));
    }

    [Fact]
    public void A_packing_laid_out_for_another_modulus_or_length_is_refused()
    {
        var packing = new PaillierPacking(64, 2, 3072);
        var matching = new PaillierPacking(64, 2, 2048);
        var ciphertexts = PaillierVector.Encrypt(_key.PublicKey, matching, new ulong[5], _random);

        Assert.Throws<ArgumentException>(() => PaillierVector.Encrypt(_key.PublicKey, packing, new ulong[5], _random));
        Assert.Throws<ArgumentException>(() => PaillierVector.Decrypt(_key.PrivateKey, matching, ciphertexts, 5000));
    }
}
