using System.Numerics;
using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>The PRV accountant's parts, each against a second computation: the FFT against the DFT's definition, the composition against direct convolution, the variable against the Gaussian it is at q = 1.</summary>
public sealed class PrvPartsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    public void The_fft_is_the_dft_and_its_inverse_gives_the_sequence_back(int length)
    {
        var random = new Random(length);
        var x = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();

        var spectrum = RealFft.Forward(x);
        for (var k = 0; k <= length / 2; k++)
        {
            var dft = Complex.Zero;
            for (var j = 0; j < length; j++)
            {
                dft += x[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * j * k / length);
            }

            Assert.True((dft - spectrum[k]).Magnitude < 1e-12 * length, $"X[{k}] of {length}: {spectrum[k]} against {dft}");
        }

        var back = RealFft.Inverse(spectrum, length);
        for (var j = 0; j < length; j++)
        {
            Approx.Absolute(x[j], back[j], 1e-14, $"x[{j}]");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void Self_composition_is_repeated_convolution_on_the_window(long count)
    {
        // A small PMF on t = −(size/2 − 1)·dt … (size/2)·dt, far from the window's ends, so nothing leaves it.
        const int size = 40;
        var pmf = new double[size];
        double[] mass = [0.1, 0.25, 0.3, 0.2, 0.15];
        mass.CopyTo(pmf, (size / 2) - 3);
        var domain = new PrvDomain(-((size / 2) - 1) * 0.1, (size / 2) * 0.1, size, Shifts: 0.01);
        var prv = new DiscretePrv(pmf, domain);

        var composed = PrvComposition.SelfCompose(prv, count);

        // Directly: the distribution of the sum of count copies, by index sum, placed at n·t_min + k·dt.
        var direct = new double[] { 1 };
        for (var c = 0; c < count; c++)
        {
            direct = Convolve(direct, pmf);
        }

        for (var i = 0; i < size; i++)
        {
            var k = i + (int)((count - 1) * ((size / 2) - 1)); // t_min + i·dt = count·t_min + k·dt
            Approx.Absolute(k < direct.Length ? direct[k] : 0, composed.Pmf[i], 1e-15, $"mass at point {i}");
        }

        Approx.Absolute(0.01 * count, composed.Domain.Shifts, 1e-15, "shift");
    }

    [Fact]
    public void Convolving_two_is_the_middle_of_the_full_convolution()
    {
        var random = new Random(7);
        const int size = 16;
        var left = Enumerable.Range(0, size).Select(_ => random.NextDouble()).ToArray();
        var right = Enumerable.Range(0, size).Select(_ => random.NextDouble()).ToArray();
        var domain = new PrvDomain(-0.7, 0.8, size);

        var composed = PrvComposition.Convolve(new DiscretePrv(left, domain), new DiscretePrv(right, domain.ShiftRight(0.02)));

        var full = Convolve(left, right);
        Approx.Relative(full.Skip((size / 2) - 1).Take(size).ToArray(), composed.Pmf, 1e-13, "middle of the convolution");
        Approx.Absolute(0.02, composed.Domain.Shifts, 1e-15, "shift");
    }

    [Fact]
    public void The_aligned_grid_is_even_and_centred_as_the_circular_composition_needs()
    {
        var domain = PrvDomain.CreateAligned(-3.37, 3.37, 0.01, 1 << 20);

        Assert.Equal(0, domain.Size % 2);
        Approx.Absolute(0.01, domain.Dt, 1e-15, "dt");
        Approx.Absolute(-((domain.Size / 2) - 1) * domain.Dt, domain.TMin, 1e-12, "t_min");
        Assert.True(domain.TMin <= -3.37 && domain.TMax >= 3.37);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Without_subsampling_the_privacy_loss_is_gaussian(double sigma)
    {
        // q = 1: Y = (2X − 1)/(2σ²) with X ∼ N(1, σ²), so Y ∼ N(1/(2σ²), 1/σ²); its mean is the KL divergence 1/(2σ²).
        var prv = new PoissonSubsampledGaussianPrv(1, sigma);
        foreach (var t in new[] { -3.0, -0.5, 0.0, 0.3, 2.0, 8.0 })
        {
            var expected = 1 - (ErrorFunction.Erfc((t - (0.5 / (sigma * sigma))) * sigma / Math.Sqrt(2)) / 2);
            Approx.Absolute(expected, prv.Cdf(t), 1e-15, $"F({t})");
            Approx.Absolute(1 - expected, prv.Survival(t), 1e-15, $"S({t})");
        }

        var range = (0.5 / (sigma * sigma)) + (12 / sigma);
        var truncated = new TruncatedPrv(prv, -range, range);
        Approx.Relative(0.5 / (sigma * sigma), truncated.Mean(), 1e-10, "mean");
    }

    [Fact]
    public void The_subsampled_privacy_loss_has_the_kl_divergence_as_its_mean_and_no_mass_below_log_one_minus_q()
    {
        // E[Y] = KL(μ‖μ₀) of the mixture, integrated directly here: ∫ μ(x) log(μ(x)/μ₀(x)) dx.
        const double q = 0.1, sigma = 1.0;
        var prv = new PoissonSubsampledGaussianPrv(q, sigma);
        double LogRatio(double x) => Math.Log((1 - q) + (q * Math.Exp(((2 * x) - 1) / 2))); // log μ(x)/μ₀(x), σ = 1
        var kl = GaussKronrod.Integrate(x => Math.Exp((-x * x / 2) + LogRatio(x)) / Math.Sqrt(2 * Math.PI) * LogRatio(x), -40, 40, 1e-14);

        var mean = new TruncatedPrv(prv, -30, 30).Mean();

        Approx.Relative(kl, mean, 1e-9, "mean");
        Assert.Equal(0.0, prv.Cdf(Math.Log(1 - q)));
        Assert.True(prv.Cdf(Math.Log(1 - q) + 1e-9) >= 0);
    }

    [Fact]
    public void The_quadrature_integrates_smooth_and_kinked_functions()
    {
        Approx.Relative(2, GaussKronrod.Integrate(Math.Sin, 0, Math.PI), 1e-14, "∫ sin over [0, π]");
        Approx.Relative(Math.Sqrt(Math.PI), GaussKronrod.Integrate(x => Math.Exp(-x * x), -20, 20), 1e-14, "∫ e^(−x²)");
        Approx.Relative(0.5, GaussKronrod.Integrate(x => Math.Max(0, x), -1, 1), 1e-13, "∫ max(0, x) over [−1, 1]");
        Assert.Equal(0.0, GaussKronrod.Integrate(Math.Exp, 1, 1));
    }

    private static double[] Convolve(double[] a, double[] b)
    {
        var result = new double[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                result[i + j] += a[i] * b[j];
            }
        }

        return result;
    }
}
