using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>
/// RDP of the Poisson-subsampled Gaussian against the published test values of TF Privacy (the signed series Opacus
/// also sums) and dp_accounting, and against the definition integrated numerically.
/// </summary>
public sealed class SubsampledGaussianRdpTests
{
    private static readonly double[] SequenceOrders = [1.5, 2.5, 5, 50, 100];

    [Fact]
    public void Matches_tf_privacy_scalar_value()
    {
        // tensorflow/privacy tensorflow_privacy/privacy/analysis/rdp_accountant_test.py @ c36ce6d,
        // test_compute_rdp_scalar: compute_rdp(q=0.1, noise_multiplier=2, steps=10, orders=5) ≈ 0.07737 (places=5).
        var rdp = SubsampledGaussianRdp.Compute(0.1, 2, 10, [5])[0];

        Approx.Absolute(0.07737, rdp, 5e-6, "RDP at order 5");
    }

    [Fact]
    public void Matches_tf_privacy_sequence_at_fractional_and_integer_orders()
    {
        // tensorflow/privacy rdp_accountant_test.py @ c36ce6d, test_compute_rdp_sequence: compute_rdp(0.01, 2.5, 50,
        // [1.5, 2.5, 5, 50, 100, inf]) with rtol=1e-4; the values have five digits, the last one rounded.
        double[] expected = [6.5007e-04, 1.0854e-03, 2.1808e-03, 2.3846e-02, 1.6742e+02];

        var rdp = SubsampledGaussianRdp.Compute(0.01, 2.5, 50, SequenceOrders);

        Approx.Relative(expected, rdp, 1e-4, "RDP");
    }

    [Fact]
    public void Matches_dp_accounting_at_integer_orders_to_a_millionth()
    {
        // google/differential-privacy python/dp_accounting/dp_accounting/rdp/rdp_privacy_accountant_test.py @ b5b0286,
        // test_compute_rdp_poisson_subsampled_gaussian: q=0.01, σ=2.5, 50 steps, printed to nine digits. Integer orders
        // only: at 1.5 and 2.5 dp_accounting now sums |C(α, i)| (6.70579741e-04, 1.08548710e-03), an upper bound on
        // the exact signed sum that TF Privacy's values above and Opacus give.
        double[] orders = [5, 50, 100];
        double[] expected = [2.18075656e-03, 2.38460375e-02, 1.67416308e02];

        var rdp = SubsampledGaussianRdp.Compute(0.01, 2.5, 50, orders);

        Approx.Relative(expected, rdp, 1e-6, "RDP");
    }

    [Fact]
    public void Without_subsampling_is_the_gaussian_mechanism_at_every_order()
    {
        // tensorflow/privacy rdp_accountant_test.py @ c36ce6d, test_compute_rdp_no_sampling: q = 1, σ = 10, α = 20 → 0.1;
        // dp_accounting rdp_privacy_accountant_test.py @ b5b0286, test_compute_rdp_gaussian: α/(2σ²) at α = 3.14159, σ = 2.71828.
        Assert.Equal(0.1, SubsampledGaussianRdp.AtOrder(1, 10, 20));
        Approx.Relative(3.14159 / (2 * 2.71828 * 2.71828), SubsampledGaussianRdp.AtOrder(1, 2.71828, 3.14159), 1e-15, "Gaussian RDP");
        foreach (var sigma in new[] { 0.5, 1.0, 4.530877117 })
        {
            var rdp = SubsampledGaussianRdp.Compute(1, sigma, 1, RdpOrders.Default);
            Approx.Relative([.. RdpOrders.Default.Select(a => a / (2 * sigma * sigma))], rdp, 1e-15, $"σ = {sigma}");
        }
    }

    public static TheoryData<double, double, double> MultiPrecisionCases => new()
    {
        // The (q, σ, α) of test_compute_log_a_equals_mp in tensorflow/privacy rdp_accountant_test.py @ c36ce6d and
        // dp_accounting rdp_privacy_accountant_test.py @ b5b0286, which compare log A_α with mpmath's integral at
        // rtol=1e-4, atol=1e-8.
        { 1e-7, 0.1, 1.01 },
        { 1e-6, 0.1, 256 },
        { 1e-5, 0.1, 256.1 },
        { 1e-6, 1, 27 },
        { 1e-4, 1, 1.5 },
        { 1e-3, 1, 2 },
        { 0.01, 10, 20 },
        { 0.1, 100, 20.5 },
        { 0.99, 0.1, 256 },
        { 0.999, 100, 256.1 },
    };

    [Theory]
    [MemberData(nameof(MultiPrecisionCases))]
    public void Log_a_equals_the_integral_on_the_reference_suites_cases(double q, double sigma, double alpha)
    {
        var series = SubsampledGaussianRdp.AtOrder(q, sigma, alpha) * (alpha - 1);
        var integral = ReferenceRdp.LogA(q, sigma, alpha);

        Assert.True(Math.Abs(series - integral) <= 1e-8 + (1e-4 * Math.Abs(integral)), $"log A: series {series:R}, integral {integral:R}");
    }

    [Theory]
    [InlineData(0.001, 0.8)]
    [InlineData(0.01, 1.0)]
    [InlineData(0.04, 1.5)]
    [InlineData(0.1, 1.0)]
    [InlineData(0.2, 0.8)]
    [InlineData(0.5, 2.0)]
    [InlineData(0.9, 3.0)]
    public void Equals_the_integral_to_a_millionth_over_the_default_orders(double q, double sigma)
    {
        foreach (var alpha in RdpOrders.Default.Where((_, k) => k % 7 == 0))
        {
            var rdp = SubsampledGaussianRdp.AtOrder(q, sigma, alpha);
            var integral = ReferenceRdp.LogA(q, sigma, alpha) / (alpha - 1);
            Approx.Relative(integral, rdp, 1e-6, $"RDP at q = {q}, σ = {sigma}, α = {alpha}");
        }
    }

    [Fact]
    public void Grows_with_the_order_and_the_sample_rate_and_falls_with_the_noise()
    {
        var byOrder = SubsampledGaussianRdp.Compute(0.04, 1.5, 1, RdpOrders.Default);
        Assert.True(byOrder.Zip(byOrder.Skip(1)).All(p => p.First < p.Second), "increasing in α");
        Assert.True(SubsampledGaussianRdp.AtOrder(0.02, 1.5, 8) < SubsampledGaussianRdp.AtOrder(0.04, 1.5, 8));
        Assert.True(SubsampledGaussianRdp.AtOrder(0.04, 2, 8) < SubsampledGaussianRdp.AtOrder(0.04, 1.5, 8));
    }

    [Theory]
    [InlineData(0, 1.0, 2.0)]
    [InlineData(1.5, 1.0, 2.0)]
    [InlineData(0.1, 0.0, 2.0)]
    [InlineData(0.1, -1.0, 2.0)]
    [InlineData(0.1, double.NaN, 2.0)]
    [InlineData(0.1, 1.0, 1.0)]
    [InlineData(0.1, 1.0, 0.5)]
    public void Refuses_values_outside_the_mechanism(double q, double sigma, double alpha)
    {
        Assert.Throws<ArgumentException>(() => SubsampledGaussianRdp.AtOrder(q, sigma, alpha));
    }
}
