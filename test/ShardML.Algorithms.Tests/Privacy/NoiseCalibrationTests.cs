using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>Noise calibration: Opacus' published noise multipliers, and the bracket the answer lies in.</summary>
public sealed class NoiseCalibrationTests
{
    private static readonly PrivacyBudget Target = new(8, 1e-5);

    [Theory]
    // opacus/tests/accountants_test.py @ 4d0ebc8, ε = 8, δ = 1e-5, q = 0.04, assertAlmostEqual at 4 places:
    // test_get_noise_multiplier_rdp_epochs (90 epochs = int(90 / 0.04) = 2,250 steps) → 1.416,
    // test_get_noise_multiplier_rdp_steps (2,000 steps) → 1.3562,
    // test_get_noise_multiplier_prv_epochs (2,250 steps) → 1.34765625,
    // test_get_noise_multiplier_prv_steps (2,000 steps) → 1.2915.
    [InlineData(AccountantKind.Rdp, 2250, 1.416)]
    [InlineData(AccountantKind.Rdp, 2000, 1.3562)]
    [InlineData(AccountantKind.Prv, 2250, 1.34765625)]
    [InlineData(AccountantKind.Prv, 2000, 1.2915)]
    public void Matches_opacus_published_noise_multipliers(AccountantKind accountant, long steps, double expected)
    {
        var result = NoiseCalibration.Calibrate(Target, 0.04, steps, accountant);

        Approx.Absolute(expected, result.NoiseMultiplier, 5e-5, "σ");
        Assert.Equal(accountant, result.Spent.Accountant);
    }

    [Theory]
    [InlineData(AccountantKind.Rdp, 8.0, 1e-5, 0.04, 2250)]
    [InlineData(AccountantKind.Rdp, 1.0, 1e-6, 0.001, 10000)]
    [InlineData(AccountantKind.Rdp, 3.0, 1e-5, 1.0, 5)]
    [InlineData(AccountantKind.Prv, 2.0, 1e-5, 0.01, 3000)]
    [InlineData(AccountantKind.Rdp, 0.005, 1e-5, 0.04, 2250)] // a target below the tolerance still gets a bracket
    public void Returns_a_noise_multiplier_within_budget_whose_lower_bracket_is_over_it(
        AccountantKind accountant, double epsilon, double delta, double q, long steps)
    {
        var target = new PrivacyBudget(epsilon, delta);

        var result = NoiseCalibration.Calibrate(target, q, steps, accountant);

        var atSigma = PrivacyAccountants.Create(accountant, PrivacyHistory.Empty.Then(result.NoiseMultiplier, q, steps)).GetEpsilon(delta).Epsilon;
        var atLower = PrivacyAccountants.Create(accountant, PrivacyHistory.Empty.Then(result.LowerNoiseMultiplier, q, steps)).GetEpsilon(delta).Epsilon;
        Assert.Equal(result.Spent.Epsilon, atSigma);
        Assert.True(atSigma <= epsilon, $"σ = {result.NoiseMultiplier} spends ε = {atSigma} > {epsilon}");
        Assert.True(epsilon - atSigma <= 0.01, $"σ = {result.NoiseMultiplier} spends ε = {atSigma}, not within the tolerance of {epsilon}");
        Assert.True(atLower > epsilon, $"the lower bracket σ = {result.LowerNoiseMultiplier} spends ε = {atLower} ≤ {epsilon}");
        Assert.True(result.LowerNoiseMultiplier < result.NoiseMultiplier);
    }

    [Fact]
    public void A_tighter_tolerance_narrows_the_bracket()
    {
        var coarse = NoiseCalibration.Calibrate(Target, 0.04, 2250, NoiseCalibrationOptions.Default);
        var fine = NoiseCalibration.Calibrate(Target, 0.04, 2250, NoiseCalibrationOptions.Default with { EpsilonTolerance = 1e-6 });

        Assert.True(fine.NoiseMultiplier <= coarse.NoiseMultiplier);
        Assert.True(fine.NoiseMultiplier - fine.LowerNoiseMultiplier < coarse.NoiseMultiplier - coarse.LowerNoiseMultiplier);
        Assert.InRange(Target.Epsilon - fine.Spent.Epsilon, 0, 1e-6);
    }

    [Fact]
    public void The_prv_accountant_needs_less_noise_than_rdp_for_the_same_budget()
    {
        var rdp = NoiseCalibration.Calibrate(Target, 0.04, 2250, AccountantKind.Rdp);
        var prv = NoiseCalibration.Calibrate(Target, 0.04, 2250, AccountantKind.Prv);

        Assert.True(prv.NoiseMultiplier < rdp.NoiseMultiplier, $"PRV σ = {prv.NoiseMultiplier}, RDP σ = {rdp.NoiseMultiplier}");
    }

    [Theory]
    [InlineData(AccountantKind.Rdp, 0.01)]
    [InlineData(AccountantKind.Prv, 0.005)]
    public void An_unreachable_budget_is_refused_with_the_reason(AccountantKind accountant, double epsilon)
    {
        var error = Assert.Throws<ArgumentException>(() => NoiseCalibration.Calibrate(new PrivacyBudget(epsilon, 1e-5), 0.5, 100_000, accountant));

        Assert.Contains(accountant == AccountantKind.Rdp ? "the budget is too small" : "epsilon error", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 1e-5, 0.04, 100, "target epsilon")]
    [InlineData(double.PositiveInfinity, 1e-5, 0.04, 100, "target epsilon")]
    [InlineData(1.0, 0.0, 0.04, 100, "delta")]
    [InlineData(1.0, 1.0, 0.04, 100, "delta")]
    [InlineData(1.0, 1e-5, 0.0, 100, "sample rate")]
    [InlineData(1.0, 1e-5, 0.04, 0, "number of steps")]
    public void Refuses_what_cannot_be_calibrated(double epsilon, double delta, double q, long steps, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => NoiseCalibration.Calibrate(new PrivacyBudget(epsilon, delta), q, steps));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
