using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Core.Tests.Numerics;

public sealed class LogisticGradientKernelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(7, 9)]
    [InlineData(8, 4)]
    [InlineData(13, 31)]
    [InlineData(40, 256)]
    [InlineData(64, 77)]
    [InlineData(100, 130)]
    [InlineData(131, 3)]
    public void Matches_a_plain_scalar_loop_over_the_rows(int d, int n)
    {
        var (rows, targets, weights) = Problem(d, n, seed: d * 1000 + n);
        var gradient = Enumerable.Range(0, d).Select(j => 0.1 * j).ToArray();
        double derivativeSum = 0.5, lossSum = 2;
        var (scores, derivatives) = (new double[n], new double[n]);

        LogisticGradientKernel.Accumulate(rows, targets, weights, 0.3, gradient, ref derivativeSum, ref lossSum, scores, derivatives);

        var expected = Enumerable.Range(0, d).Select(j => 0.1 * j).ToArray();
        double expectedDerivatives = 0.5, expectedLoss = 2;
        for (var k = 0; k < n; k++)
        {
            double z = 0.3;
            for (var j = 0; j < d; j++)
            {
                z += (double)rows[(k * d) + j] * weights[j];
            }

            Assert.Equal(z, scores[k], 1e-12 * (1 + Math.Abs(z)));
            var r = LogisticLoss.Derivative(targets[k], z);
            Assert.Equal(r, derivatives[k], 1e-14);
            expectedLoss += LogisticLoss.Value(targets[k], z);
            expectedDerivatives += r;
            for (var j = 0; j < d; j++)
            {
                expected[j] += r * rows[(k * d) + j];
            }
        }

        Assert.Equal(expectedLoss, lossSum, 1e-11 * expectedLoss);
        Assert.Equal(expectedDerivatives, derivativeSum, 1e-11);
        for (var j = 0; j < d; j++)
        {
            Assert.Equal(expected[j], gradient[j], 1e-11 * (1 + Math.Abs(expected[j])));
        }
    }

    [Theory]
    [InlineData(40, 256, 0)]
    [InlineData(40, 256, 3)]
    [InlineData(40, 16, 90)]
    [InlineData(40, 256, 2000)]
    [InlineData(7, 9, 600)]
    public void Rows_passed_as_following_change_no_result_whatever_their_length(int d, int n, int followingRows)
    {
        // They are only prefetched; a length that ends inside the prefetch window must be read within its bounds.
        var (all, allTargets, weights) = Problem(d, n + followingRows, seed: d + n + followingRows);
        var rows = all.AsSpan(0, n * d);
        var following = all.AsSpan(n * d);
        var targets = allTargets.AsSpan(0, n);
        var (gradient, gradientWith) = (new double[d], new double[d]);
        double derivatives = 0, losses = 0, derivativesWith = 0, lossesWith = 0;

        LogisticGradientKernel.Accumulate(rows, targets, weights, 0.3, gradient, ref derivatives, ref losses, new double[n], new double[n]);
        LogisticGradientKernel.Accumulate(rows, targets, weights, 0.3, gradientWith, ref derivativesWith, ref lossesWith, new double[n], new double[n], following);

        Assert.Equal(gradient, gradientWith);
        Assert.Equal(derivatives, derivativesWith);
        Assert.Equal(losses, lossesWith);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(70)]
    public void The_gradient_takes_each_rows_multiply_add_in_row_order(int d)
    {
        const int n = 37;
        var (rows, targets, weights) = Problem(d, n, seed: 3);
        var gradient = new double[d];
        double derivativeSum = 0, lossSum = 0;
        var (scores, derivatives) = (new double[n], new double[n]);

        LogisticGradientKernel.Accumulate(rows, targets, weights, -0.2, gradient, ref derivativeSum, ref lossSum, scores, derivatives);

        // The row-by-row loop's bits, with the kernel's own derivatives.
        var expected = new double[d];
        for (var k = 0; k < n; k++)
        {
            for (var j = 0; j < d; j++)
            {
                expected[j] = Math.FusedMultiplyAdd(rows[(k * d) + j], derivatives[k], expected[j]);
            }
        }

        Assert.Equal(expected, gradient);
    }

    [Fact]
    public void A_rows_score_and_derivative_have_the_same_bits_wherever_the_row_sits()
    {
        const int d = 19;
        const int n = 53;
        var (rows, targets, weights) = Problem(d, n, seed: 11);
        var (scores, derivatives) = Run(rows, targets, weights, d, 0, n);

        foreach (var split in new[] { 1, 2, 3, 5, 8, 13, 30, 52 })
        {
            var (s1, r1) = Run(rows, targets, weights, d, 0, split);
            var (s2, r2) = Run(rows, targets, weights, d, split, n - split);
            Assert.Equal(scores, s1.Concat(s2).ToArray());
            Assert.Equal(derivatives, r1.Concat(r2).ToArray());
        }
    }

    [Theory]
    [InlineData(1, 256)]
    [InlineData(40, 256)]
    [InlineData(128, 256)]
    [InlineData(129, 128)]
    [InlineData(1000, 32)]
    [InlineData(100_000, 8)]
    public void Blocks_are_powers_of_two_that_divide_the_largest(int columns, int rows)
    {
        Assert.Equal(rows, LogisticGradientKernel.BlockRows(columns));
        Assert.Equal(0, LogisticGradientKernel.MaximumBlockRows % LogisticGradientKernel.BlockRows(columns));
    }

    [Fact]
    public void A_block_longer_than_the_largest_or_short_scratch_is_refused()
    {
        var weights = new double[2];
        var gradient = new double[2];
        double a = 0, b = 0;
        Assert.Throws<ArgumentException>(() => LogisticGradientKernel.Accumulate(
            new float[2 * 257], new double[257], weights, 0, gradient, ref a, ref b, new double[257], new double[257]));
        Assert.Throws<ArgumentException>(() => LogisticGradientKernel.Accumulate(
            new float[8], new double[4], weights, 0, gradient, ref a, ref b, new double[3], new double[4]));
    }

    private static (double[] Scores, double[] Derivatives) Run(float[] rows, double[] targets, double[] weights, int d, int first, int count)
    {
        var (scores, derivatives) = (new double[count], new double[count]);
        double a = 0, b = 0;
        LogisticGradientKernel.Accumulate(rows.AsSpan(first * d, count * d), targets.AsSpan(first, count), weights, 0.25, new double[d], ref a, ref b, scores, derivatives);
        return (scores, derivatives);
    }

    private static (float[] Rows, double[] Targets, double[] Weights) Problem(int d, int n, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, n * d).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var targets = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        var weights = Enumerable.Range(0, d).Select(_ => (random.NextDouble() - 0.5) * 3 / Math.Sqrt(d)).ToArray();
        return (rows, targets, weights);
    }
}
