using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>The RDP → (ε, δ) conversion of Balle et al. 2020, Theorem 21, on the reference suites' hand-computed cases.</summary>
public sealed class RdpConversionTests
{
    [Fact]
    public void Constant_rdp_is_converted_at_the_largest_order_to_the_hand_computed_epsilon()
    {
        // dp_accounting rdp_privacy_accountant_test.py @ b5b0286, test_compute_epsilon_delta_pure_dp, and TF Privacy
        // rdp_accountant_test.py @ c36ce6d, test_get_privacy_spent_check_target_delta: orders 2…32, RDP 1.1 at each,
        // δ = 1e-5 → ε = 1.32783806176 (assertAlmostEqual, 7 places) at order 32.
        double[] orders = [.. Enumerable.Range(2, 31).Select(o => (double)o)];

        var (epsilon, order) = RdpConversion.ToEpsilon(orders, [.. orders.Select(_ => 1.1)], 1e-5);

        Approx.Absolute(1.32783806176, epsilon, 5e-8, "ε");
        Assert.Equal(32.0, order);
    }

    [Fact]
    public void The_gaussian_calibrated_to_one_epsilon_converts_back_to_one()
    {
        // dp_accounting rdp_privacy_accountant_test.py @ b5b0286, test_compute_epsilon_delta_gaussian (TF Privacy's
        // test_get_privacy_spent_check_target_delta, second half): q = 1, σ = 4.530877117 is exactly (1, 1e-6)-DP;
        // orders 1.000, 1.001, …, 99.999 → ε ≈ 1 (7 places).
        double[] orders = [.. Enumerable.Range(1000, 99000).Select(i => 0.001 * i)];
        double[] rdp = [.. orders.Select(a => a / (2 * 4.530877117 * 4.530877117))];

        var (epsilon, _) = RdpConversion.ToEpsilon(orders, rdp, 1e-6);

        Approx.Absolute(1, epsilon, 5e-8, "ε");
    }

    [Fact]
    public void Is_tighter_than_the_old_conversion_by_the_published_margin()
    {
        // tensorflow/privacy rdp_accountant_test.py @ c36ce6d, test_check_composition: two mechanisms composed; the
        // older conversion ε = r − log δ/(α − 1) gave 8.509656 at order 2.5, "these still provide an upper bound".
        double[] orders = [1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64, 256];
        var first = SubsampledGaussianRdp.Compute(1e-4, 0.4, 40000, orders);
        var second = SubsampledGaussianRdp.Compute(0.1, 2, 100, orders);
        double[] rdp = [.. first.Zip(second, (a, b) => a + b)];

        var (epsilon, _) = RdpConversion.ToEpsilon(orders, rdp, 1e-5);
        var old = orders.Select((a, k) => rdp[k] - (Math.Log(1e-5) / (a - 1))).Min();

        Approx.Absolute(8.509656, old, 5e-7, "the old conversion");
        Assert.True(epsilon <= 8.509656, $"ε = {epsilon}");
        Assert.True(epsilon < old - 0.1, $"Theorem 21 gives {epsilon}, the old conversion {old}");
    }

    [Fact]
    public void Never_gives_a_negative_epsilon_and_gives_zero_when_the_kl_bound_meets_delta()
    {
        // Opacus' formula alone goes negative for a tiny RDP at a large δ; dp_accounting clamps at 0 and uses
        // δ ≥ √(1 − e^(−r)) (Pinsker) to answer 0 directly.
        double[] orders = [2, 63];

        Assert.Equal((0.0, 2.0), RdpConversion.ToEpsilon(orders, [1e-14, 1e-14], 1e-5));
        Assert.Equal(0.0, RdpConversion.ToEpsilon(orders, [1e-3, 1e-3], 0.9).Epsilon);
    }

    [Fact]
    public void Infinite_rdp_at_every_order_is_infinite_epsilon_without_an_order()
    {
        var (epsilon, order) = RdpConversion.ToEpsilon([2, 3], [double.PositiveInfinity, double.PositiveInfinity], 1e-5);

        Assert.Equal(double.PositiveInfinity, epsilon);
        Assert.Null(order);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1e-5)]
    [InlineData(double.NaN)]
    public void Refuses_a_delta_outside_zero_to_one(double delta)
    {
        var error = Assert.Throws<ArgumentException>(() => RdpConversion.ToEpsilon([2], [0.1], delta));
        Assert.Contains("delta must be in (0, 1)", error.Message, StringComparison.Ordinal);
    }
}
