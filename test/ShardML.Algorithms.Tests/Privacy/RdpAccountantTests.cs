using MemoryPack;
using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>The RDP accountant: Opacus' published ε, composition over steps and over mechanisms, and a resume from its state.</summary>
public sealed class RdpAccountantTests
{
    // opacus/tests/accountants_test.py @ 4d0ebc8, test_rdp_accountant: σ = 1.5, q = 0.04, int(90 / 0.04) = 2,250 steps,
    // δ = 1e-5 → 7.32911117143 (assertAlmostEqual, 7 places).
    private const double OpacusEpsilon = 7.32911117143;

    [Fact]
    public void Matches_opacus_published_epsilon()
    {
        var accountant = new RdpAccountant();
        accountant.Record(1.5, 0.04, 2250);

        var spent = accountant.GetEpsilon(1e-5);

        Approx.Absolute(OpacusEpsilon, spent.Epsilon, 5e-8, "ε");
        Assert.Equal(3.9, spent.Order); // what Opacus' get_privacy_spent returns for it (not in the test file)
        Assert.Equal(AccountantKind.Rdp, spent.Accountant);
    }

    [Fact]
    public void Recording_step_by_step_is_recording_the_steps_at_once()
    {
        var byStep = new RdpAccountant();
        for (var t = 0; t < 2250; t++)
        {
            byStep.Record(1.5, 0.04);
        }

        var atOnce = new RdpAccountant(PrivacyHistory.Empty.Then(1.5, 0.04, 2250));

        Assert.Equal(atOnce.History, byStep.History);
        Assert.Single(byStep.History.Entries);
        Assert.Equal(atOnce.GetEpsilon(1e-5), byStep.GetEpsilon(1e-5));
    }

    [Fact]
    public void A_resumed_accountant_continues_from_its_checkpoint_not_from_zero()
    {
        // opacus/tests/accountants_test.py @ 4d0ebc8, test_accountant_load_state_dict: 1,250 steps, the state saved and
        // loaded into a new accountant, 1,000 more → the same 7.32911117143 as 2,250 steps in one go.
        var first = new RdpAccountant();
        first.Record(1.5, 0.04, 1250);
        var bytes = MemoryPackSerializer.Serialize(first.State);

        var resumed = PrivacyAccountants.Restore(MemoryPackSerializer.Deserialize<AccountantState>(bytes)!);
        resumed.Record(1.5, 0.04, 1000);

        Assert.IsType<RdpAccountant>(resumed);
        Assert.Equal(new PrivacyHistory([new MechanismEntry(1.5, 0.04, 2250)]), resumed.History);
        Approx.Absolute(OpacusEpsilon, resumed.GetEpsilon(1e-5).Epsilon, 5e-8, "ε after the resume");
    }

    [Fact]
    public void Two_mechanisms_of_one_job_add_up_order_by_order()
    {
        var standardization = new MechanismEntry(4, 1, 1);
        var training = new MechanismEntry(1.1, 0.01, 3000);
        var both = new RdpAccountant(new PrivacyHistory([standardization, training]));
        var reversed = new RdpAccountant(new PrivacyHistory([training, standardization]));
        var alone = new RdpAccountant(new PrivacyHistory([training]));

        var expected = SubsampledGaussianRdp.Compute(1, 4, 1, RdpOrders.Default)
            .Zip(SubsampledGaussianRdp.Compute(0.01, 1.1, 3000, RdpOrders.Default), (a, b) => a + b).ToArray();

        Approx.Relative(expected, both.Rdp(), 1e-15, "RDP of the composition");
        Approx.Relative(both.GetEpsilon(1e-6).Epsilon, reversed.GetEpsilon(1e-6).Epsilon, 1e-15, "ε in either order");
        Assert.True(both.GetEpsilon(1e-6).Epsilon > alone.GetEpsilon(1e-6).Epsilon);
    }

    [Fact]
    public void Epsilon_grows_with_the_steps_and_falls_with_the_noise()
    {
        double previous = 0;
        foreach (var steps in new long[] { 1, 10, 100, 1000, 10000 })
        {
            var epsilon = new RdpAccountant(PrivacyHistory.Empty.Then(1.1, 0.01, steps)).GetEpsilon(1e-5).Epsilon;
            Assert.True(epsilon > previous, $"{steps} steps: ε = {epsilon}, fewer steps gave {previous}");
            previous = epsilon;
        }

        previous = double.PositiveInfinity;
        foreach (var sigma in new[] { 0.5, 0.7, 1.0, 1.5, 2.0, 4.0, 8.0 })
        {
            var epsilon = new RdpAccountant(PrivacyHistory.Empty.Then(sigma, 0.01, 1000)).GetEpsilon(1e-5).Epsilon;
            Assert.True(epsilon < previous, $"σ = {sigma}: ε = {epsilon}, less noise gave {previous}");
            previous = epsilon;
        }
    }

    [Fact]
    public void An_empty_history_has_spent_nothing()
    {
        var spent = new RdpAccountant().GetEpsilon(1e-5);

        Assert.Equal(new PrivacySpent(0, 1e-5, null, AccountantKind.Rdp), spent);
    }

    [Theory]
    [InlineData(0.0, 0.01, 1, "noise multiplier")]
    [InlineData(1.0, 0.0, 1, "sample rate")]
    [InlineData(1.0, 1.01, 1, "sample rate")]
    [InlineData(1.0, 0.01, 0, "number of steps")]
    public void Refuses_what_is_not_a_subsampled_gaussian_step(double sigma, double q, long steps, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => new RdpAccountant().Record(sigma, q, steps));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
