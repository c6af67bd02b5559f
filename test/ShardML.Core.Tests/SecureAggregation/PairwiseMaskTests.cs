using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class PairwiseMaskTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Masks_cancel_exactly_in_the_total_of_all_parties(int count)
    {
        using var parties = Parties.Create(count);
        var codec = new FixedPointCodec(10.0, count);
        var random = new Random(count);
        var values = parties.All.Select(_ => Enumerable.Range(0, 1001).Select(_ => 20 * random.NextDouble() - 10).ToArray()).ToArray();
        var encoded = values.Select(v => codec.Encode(v)).ToArray();

        var masked = encoded.Select(e => (ulong[])e.Clone()).ToArray();
        for (var i = 0; i < count; i++)
        {
            parties[i].Mask(masked[i], pass: 3, attempt: 0, parties.Ids);
            Assert.NotEqual(encoded[i], masked[i]);
        }

        Assert.Equal(ModularVector.Sum(encoded), ModularVector.Sum(masked));
        Assert.Equal(codec.Decode(ModularVector.Sum(encoded)), codec.Decode(ModularVector.Sum(masked)));
    }

    [Fact]
    public void Silos_with_RSA_and_ECDSA_certificates_mask_together()
    {
        using var parties = Parties.Create(4, rsa: i => i % 2 == 1);
        var vectors = Enumerable.Range(0, 4).Select(i => new ulong[] { (ulong)i, 100, ulong.MaxValue }).ToArray();
        var expected = ModularVector.Sum(vectors);

        for (var i = 0; i < 4; i++)
        {
            parties[i].Mask(vectors[i], 0, 0, parties.Ids);
        }

        Assert.Equal(expected, ModularVector.Sum(vectors));
    }

    [Fact]
    public void A_pass_rerun_among_the_survivors_with_a_new_attempt_sums_exactly_while_the_lost_attempt_cannot_be_summed()
    {
        using var parties = Parties.Create(5);
        var encoded = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 64).Select(j => (ulong)(i * 1000 + j)).ToArray()).ToArray();
        var survivors = new[] { 0, 1, 3, 4 }; // silo-2 dies mid-pass
        var survivorsTotal = ModularVector.Sum(survivors.Select(i => encoded[i]));

        var firstAttempt = survivors.Select(i => Masked(parties[i], encoded[i], 7, 0, parties.Ids)).ToArray();
        var survivorIds = survivors.Select(i => parties[i].SiloId).ToArray();
        var secondAttempt = survivors.Select(i => Masked(parties[i], encoded[i], 7, 1, survivorIds)).ToArray();

        Assert.NotEqual(survivorsTotal, ModularVector.Sum(firstAttempt));
        Assert.Equal(survivorsTotal, ModularVector.Sum(secondAttempt));
    }

    [Fact]
    public void Masks_of_different_passes_do_not_cancel_each_other()
    {
        using var parties = Parties.Create(2);
        var zero = new ulong[16];

        var a = Masked(parties[0], zero, pass: 1, attempt: 0, parties.Ids);
        var b = Masked(parties[1], zero, pass: 2, attempt: 0, parties.Ids);

        Assert.NotEqual(zero, ModularVector.Sum([a, b]));
    }

    [Fact]
    public void A_party_masks_only_among_accepted_peers_and_in_an_attempt_it_takes_part_in()
    {
        using var parties = Parties.Create(2);
        var vector = new ulong[4];

        Assert.Throws<InvalidOperationException>(() => parties[0].Mask(vector, 0, 0, ["silo-0", "silo-1", "silo-9"]));
        Assert.Throws<ArgumentException>(() => parties[0].Mask(vector, 0, 0, ["silo-1"]));
        Assert.Throws<ArgumentException>(() => PairwiseMask.Apply(vector, "silo-0", new Dictionary<string, byte[]> { ["silo-0"] = new byte[32] }));
    }

    [Fact]
    public void Adds_the_stream_of_a_later_peer_and_subtracts_that_of_an_earlier_one()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var stream = new ulong[5];
        using (var generator = new MaskGenerator(seed))
        {
            generator.Fill(stream);
        }

        var low = new ulong[5];
        var high = new ulong[5];
        PairwiseMask.Apply(low, "a", new Dictionary<string, byte[]> { ["b"] = seed });
        PairwiseMask.Apply(high, "b", new Dictionary<string, byte[]> { ["a"] = seed });

        Assert.Equal(stream, low);
        Assert.Equal(stream.Select(w => unchecked(0 - w)).ToArray(), high);
    }

    private static ulong[] Masked(MaskingParty party, ulong[] encoded, int pass, int attempt, IReadOnlyCollection<string> participants)
    {
        var copy = (ulong[])encoded.Clone();
        party.Mask(copy, pass, attempt, participants);
        return copy;
    }
}
