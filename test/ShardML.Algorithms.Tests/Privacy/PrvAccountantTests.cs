using MemoryPack;
using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>The PRV accountant against Opacus' published values, and against the RDP accountant it tightens.</summary>
public sealed class PrvAccountantTests
{
    [Fact]
    public void Matches_opacus_published_epsilon()
    {
        // opacus/tests/accountants_test.py @ 4d0ebc8, test_prv_accountant: σ = 1.5, q = 0.04, int(90 // 0.04) = 2,249
        // steps, δ = 1e-5 → 6.777395712150674 (assertAlmostEqual, 7 places).
        var accountant = new PrvAccountant();
        accountant.Record(1.5, 0.04, 2249);

        var spent = accountant.GetEpsilon(1e-5);

        Approx.Absolute(6.777395712150674, spent.Epsilon, 5e-8, "ε");
        Assert.Null(spent.Order);
        Assert.Equal(AccountantKind.Prv, spent.Accountant);
    }

    public static TheoryData<double, double, long, double> MicrosoftValues => new()
    {
        // opacus/opacus/tests/prv_accountant.py @ 4d0ebc8, msr_values (from Microsoft's prv_accountant), checked there
        // with assertAlmostEqual(places=4) at δ = 1e-6. Left out here for the test's time and memory (a grid of 5·10⁶
        // to 1.4·10⁷ points; `shardml privacy epsilon --accountant prv` reproduces them): q = 0.05 at 50,000 steps.
        { 0.8, 0.001, 100, 0.270403364058018680360362395731 },
        { 1.5, 0.001, 100, 0.0393694193095203287535710501288 },
        { 2.0, 0.001, 100, 0.0291045369484074882560076247273 },
        { 3.0, 0.001, 100, 0.0215200934390882663016508757892 },
        { 0.8, 0.05, 100, 6.74105193941409996938318727189 },
        { 1.5, 0.05, 100, 1.95385313568420015961635272106 },
        { 2.0, 0.05, 100, 1.28363737962406521120328761754 },
        { 3.0, 0.05, 100, 0.767933789666825572517439013609 },
        { 0.8, 0.2, 100, 24.3336641779225644199868838768 },
        { 1.5, 0.2, 100, 8.49897785912163072907787864096 },
        { 2.0, 0.2, 100, 5.67205560882372950004537415225 },
        { 3.0, 0.2, 100, 3.38122051022184422208738396876 },
        { 0.8, 0.001, 1000, 0.477771266184522591657923840103 },
        { 1.5, 0.001, 1000, 0.0998206602308474855167474970585 },
        { 2.0, 0.001, 1000, 0.0712187825381152272985474382949 },
        { 3.0, 0.001, 1000, 0.0476159308713589302097801692071 },
        { 0.8, 0.05, 1000, 19.5258428053837356230815203162 },
        { 1.5, 0.05, 1000, 6.20996924657726712126759593957 },
        { 2.0, 0.05, 1000, 4.17279986668931890392286732094 },
        { 3.0, 0.05, 1000, 2.52757432605973830774814814504 },
        { 0.8, 0.001, 20000, 1.29600925757016161021795142005 },
        { 1.5, 0.001, 20000, 0.437005108654860807693154356457 },
        { 2.0, 0.001, 20000, 0.305837939762453436820521801565 },
        { 3.0, 0.001, 20000, 0.194031030686054706269061398416 },
        { 1.5, 0.05, 20000, 38.3066179140872336006395926233 },
        { 2.0, 0.05, 20000, 24.4217185703225858617315680021 },
        { 3.0, 0.05, 20000, 13.9611146992367061159256991232 },
        { 0.8, 0.001, 50000, 2.03451480771586634688219419331 },
        { 1.5, 0.001, 50000, 0.704218384555810095193351116905 },
        { 2.0, 0.001, 50000, 0.491354910211401318953505779064 },
        { 3.0, 0.001, 50000, 0.309694161156544023327796821832 },
    };

    [Theory]
    [MemberData(nameof(MicrosoftValues))]
    public void Matches_the_reference_values_opacus_checks_it_against(double sigma, double q, long steps, double expected)
    {
        var epsilon = new PrvAccountant(PrivacyHistory.Empty.Then(sigma, q, steps)).GetEpsilon(1e-6).Epsilon;

        Approx.Absolute(expected, epsilon, 5e-5, $"ε of σ = {sigma}, q = {q}, {steps} steps");
    }

    [Theory]
    // Not published: what Opacus' PRVAccountant @ 4d0ebc8 (scipy 1.10.1) prints for these histories at δ = 1e-5, to
    // check the convolution tree (two entries: one pair; three: the odd one out, then a pair).
    [InlineData(2.348993554349468, new[] { 1.0, 0.01, 500, 2.0, 0.05, 300 })]
    [InlineData(3.7107044773283424, new[] { 1.2, 0.02, 1000, 0.9, 0.01, 200, 3.0, 0.2, 50 })]
    public void Composes_different_mechanisms_as_opacus_does(double expected, double[] entries)
    {
        var history = new PrivacyHistory([.. entries.Chunk(3).Select(e => new MechanismEntry(e[0], e[1], (long)e[2]))]);

        Approx.Absolute(expected, new PrvAccountant(history).GetEpsilon(1e-5).Epsilon, 1e-6, "ε");
    }

    [Theory]
    [InlineData(1.5, 0.04, 2250, 1e-5)]
    [InlineData(0.8, 0.01, 5000, 1e-6)]
    [InlineData(4.0, 0.2, 100, 1e-5)]
    [InlineData(1.0, 1.0, 10, 1e-5)]
    public void Is_tighter_than_the_rdp_accountant(double sigma, double q, long steps, double delta)
    {
        var history = PrivacyHistory.Empty.Then(sigma, q, steps);

        var prv = new PrvAccountant(history).GetEpsilon(delta).Epsilon;
        var rdp = new RdpAccountant(history).GetEpsilon(delta).Epsilon;

        Assert.True(prv < rdp, $"PRV ε = {prv}, RDP ε = {rdp}");
    }

    [Fact]
    public void Without_subsampling_matches_the_exact_gaussian_curve()
    {
        // q = 1: T Gaussian steps are one Gaussian of σ/√T, whose exact δ(ε) (Balle & Wang 2018, Theorem 8) is
        // Φ(−εσ' + 1/(2σ')) − e^ε Φ(−εσ' − 1/(2σ')). The accountant reports its estimate at δ − δ_error plus ε_error:
        // above the exact ε at δ, and, the Gaussian's PRV being discretized with little loss, close to the exact ε at
        // δ − δ_error plus ε_error.
        const double sigma = 2.0, delta = 1e-5;
        const long steps = 16;
        var effective = sigma / Math.Sqrt(steps);
        double Delta(double epsilon) =>
            (ErrorFunction.Erfc(((epsilon * effective) - (0.5 / effective)) / Math.Sqrt(2)) / 2)
            - (Math.Exp(epsilon) * ErrorFunction.Erfc(((epsilon * effective) + (0.5 / effective)) / Math.Sqrt(2)) / 2);
        double Exact(double target)
        {
            double low = 0, high = 50;
            for (var k = 0; k < 200; k++)
            {
                var middle = (low + high) / 2;
                (low, high) = Delta(middle) > target ? (middle, high) : (low, middle);
            }

            return high;
        }

        var epsilon = new PrvAccountant(PrivacyHistory.Empty.Then(sigma, 1, steps)).GetEpsilon(delta).Epsilon;

        Assert.True(epsilon > Exact(delta), $"ε = {epsilon}, exact {Exact(delta)}");
        Approx.Absolute(Exact(delta - (delta / 1000)) + 0.01, epsilon, 1e-4, "ε against the exact curve");
    }

    [Fact]
    public void Epsilon_grows_with_the_steps_and_falls_with_the_noise()
    {
        double previous = 0;
        foreach (var steps in new long[] { 1, 10, 100, 1000, 10000 })
        {
            var epsilon = new PrvAccountant(PrivacyHistory.Empty.Then(1.1, 0.01, steps)).GetEpsilon(1e-5).Epsilon;
            Assert.True(epsilon > previous, $"{steps} steps: ε = {epsilon}, fewer steps gave {previous}");
            previous = epsilon;
        }

        previous = double.PositiveInfinity;
        foreach (var sigma in new[] { 0.6, 0.8, 1.0, 1.5, 2.0, 4.0, 8.0 })
        {
            var epsilon = new PrvAccountant(PrivacyHistory.Empty.Then(sigma, 0.01, 1000)).GetEpsilon(1e-5).Epsilon;
            Assert.True(epsilon < previous, $"σ = {sigma}: ε = {epsilon}, less noise gave {previous}");
            previous = epsilon;
        }
    }

    [Fact]
    public void A_resumed_accountant_continues_from_its_checkpoint()
    {
        var first = PrivacyAccountants.Create(AccountantKind.Prv);
        first.Record(1.5, 0.04, 1249);
        var state = MemoryPackSerializer.Deserialize<AccountantState>(MemoryPackSerializer.Serialize(first.State))!;

        var resumed = PrivacyAccountants.Restore(state);
        resumed.Record(1.5, 0.04, 1000);

        Assert.IsType<PrvAccountant>(resumed);
        Approx.Absolute(6.777395712150674, resumed.GetEpsilon(1e-5).Epsilon, 5e-8, "ε after the resume");
    }

    [Fact]
    public void An_empty_history_has_spent_nothing()
    {
        Assert.Equal(new PrivacySpent(0, 1e-5, null, AccountantKind.Prv), new PrvAccountant().GetEpsilon(1e-5));
    }

    [Fact]
    public void Refuses_a_grid_larger_than_allowed_and_says_to_use_rdp()
    {
        var accountant = new PrvAccountant(PrivacyHistory.Empty.Then(1.5, 0.04, 2250), new PrvOptions { MaximumGridPoints = 100_000 });

        var error = Assert.Throws<ArgumentException>(() => accountant.GetEpsilon(1e-5));

        Assert.Contains("RDP accountant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_delta_that_rounding_over_the_grid_would_swamp()
    {
        var accountant = new PrvAccountant(PrivacyHistory.Empty.Then(1.5, 0.04, 2250));

        var error = Assert.Throws<ArgumentException>(() => accountant.GetEpsilon(1e-12));

        Assert.Contains("too small for the PRV accountant", error.Message, StringComparison.Ordinal);
    }
}
