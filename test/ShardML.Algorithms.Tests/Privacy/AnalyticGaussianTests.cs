using ShardML.Algorithms.Privacy;

namespace ShardML.Algorithms.Tests.Privacy;

public sealed class AnalyticGaussianTests
{
    [Theory]
    [InlineData(0.1, 1e-5, 1.0)]
    [InlineData(0.5, 1e-6, 3.0)]
    [InlineData(1.0, 1e-5, 1.0)]
    [InlineData(4.0, 1e-8, 2.5)]
    [InlineData(10.0, 1e-3, 0.5)]
    public void The_calibrated_sigma_meets_delta_exactly_by_Balle_and_Wangs_theorem_8(double epsilon, double delta, double sensitivity)
    {
        var sigma = AnalyticGaussian.Sigma(epsilon, delta, sensitivity);

        var achieved = AnalyticGaussian.Delta(epsilon, sigma, sensitivity);
        Assert.True(achieved <= delta * (1 + 1e-12), $"δ(σ) = {achieved:R} exceeds {delta:R}");
        Assert.True(achieved >= delta * (1 - 1e-6), $"σ is larger than needed: δ(σ) = {achieved:R}");
        Assert.True(AnalyticGaussian.Delta(epsilon, sigma * 0.99, sensitivity) > delta, "a smaller σ would not do: the calibration is the smallest");
    }

    [Fact]
    public void It_needs_less_noise_than_the_classical_mechanism_and_scales_with_the_sensitivity()
    {
        var classical = Math.Sqrt(2 * Math.Log(1.25 / 1e-5)) / 0.5;

        Assert.True(AnalyticGaussian.Sigma(0.5, 1e-5, 1) < classical);
        Assert.Equal(3 * AnalyticGaussian.Sigma(0.7, 1e-6, 1), AnalyticGaussian.Sigma(0.7, 1e-6, 3), 9);
    }
}
