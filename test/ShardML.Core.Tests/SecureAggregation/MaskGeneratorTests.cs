using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class MaskGeneratorTests
{
    private static readonly byte[] Seed = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 37 + 11))];

    [Fact]
    public void Is_AES_256_CTR_from_counter_zero_as_BouncyCastle_computes_it()
    {
        var words = new ulong[1000];
        using (var generator = new MaskGenerator(Seed))
        {
            generator.Fill(words);
        }

        var cipher = new SicBlockCipher(new AesEngine());
        cipher.Init(true, new ParametersWithIV(new KeyParameter(Seed), new byte[16]));
        var expected = new byte[words.Length * 8];
        for (var offset = 0; offset < expected.Length; offset += 16)
        {
            cipher.ProcessBlock(new byte[16], 0, expected, offset);
        }

        Assert.Equal(expected, words.SelectMany(BitConverter.GetBytes).ToArray());
    }

    [Fact]
    public void Fills_in_pieces_of_any_size_continue_the_same_stream()
    {
        var whole = new ulong[257];
        using (var generator = new MaskGenerator(Seed))
        {
            generator.Fill(whole);
        }

        var pieces = new ulong[257];
        using (var generator = new MaskGenerator(Seed))
        {
            var start = 0;
            foreach (var size in new[] { 1, 0, 3, 2, 5, 64, 1, 1, 179, 1 })
            {
                generator.Fill(pieces.AsSpan(start, size));
                start += size;
            }
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void A_seed_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MaskGenerator(new byte[16]));
    }
}
