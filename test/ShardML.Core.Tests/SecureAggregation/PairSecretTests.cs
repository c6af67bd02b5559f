namespace ShardML.Core.Tests.SecureAggregation;

public sealed class PairSecretTests
{
    [Fact]
    public void Both_ends_of_a_pair_derive_the_same_seed()
    {
        using var parties = Parties.Create(3);

        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                if (i != j)
                {
                    Assert.Equal(parties[i].Seed(parties[j].SiloId, 4, 2), parties[j].Seed(parties[i].SiloId, 4, 2));
                }
            }
        }
    }

    [Fact]
    public void Seeds_differ_per_pair_pass_and_attempt()
    {
        using var parties = Parties.Create(4);
        var seeds = new List<string>();
        foreach (var party in parties.All)
        {
            foreach (var peer in party.Peers.Where(p => string.CompareOrdinal(p, party.SiloId) > 0))
            {
                for (var pass = 0; pass < 3; pass++)
                {
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        var seed = party.Seed(peer, pass, attempt);
                        Assert.Equal(32, seed.Length);
                        seeds.Add(Convert.ToHexString(seed));
                    }
                }
            }
        }

        Assert.Equal(6 * 3 * 3, seeds.Count);
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
    }

    [Fact]
    public void The_same_silos_in_another_job_share_other_seeds()
    {
        using var first = Parties.Create(2, "job-a");
        using var second = Parties.Create(2, "job-b");

        Assert.NotEqual(first[0].Seed("silo-1", 0, 0), second[0].Seed("silo-1", 0, 0));
    }

    [Fact]
    public void A_negative_pass_or_attempt_is_refused()
    {
        using var parties = Parties.Create(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => parties[0].Seed("silo-1", -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => parties[0].Seed("silo-1", 0, -1));
    }
}
