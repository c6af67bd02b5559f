using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Core.Tests.Numerics;

public sealed class SparseLogisticGradientKernelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public void Matches_a_plain_scalar_loop_over_the_non_zeros(int maximumPerRow)
    {
        const int d = 500;
        const int n = 70;
        var (starts, indices, values, targets, weights) = Problem(d, n, maximumPerRow, seed: maximumPerRow);
        var gradient = Enumerable.Range(0, d).Select(j => 0.01 * j).ToArray();
        double derivativeSum = 1, lossSum = 3;
        var (scores, derivatives) = (new double[n], new double[n]);

        SparseLogisticGradientKernel.Accumulate(starts, indices, values, 0, targets, weights, -0.4, gradient, ref derivativeSum, ref lossSum, scores, derivatives);

        var expected = Enumerable.Range(0, d).Select(j => 0.01 * j).ToArray();
        double expectedDerivatives = 1, expectedLoss = 3;
        for (var k = 0; k < n; k++)
        {
            var z = -0.4;
            for (var t = starts[k]; t < starts[k + 1]; t++)
            {
                z += values[t] * weights[indices[t]];
            }

            Assert.Equal(z, scores[k], 1e-12 * (1 + Math.Abs(z)));
            var r = LogisticLoss.Derivative(targets[k], z);
            Assert.Equal(r, derivatives[k], 1e-14);
            expectedLoss += LogisticLoss.Value(targets[k], z);
            expectedDerivatives += r;
            for (var t = starts[k]; t < starts[k + 1]; t++)
            {
                expected[indices[t]] += r * values[t];
            }
        }

        Assert.Equal(expectedLoss, lossSum, 1e-11 * expectedLoss);
        Assert.Equal(expectedDerivatives, derivativeSum, 1e-11);
        for (var j = 0; j < d; j++)
        {
            Assert.Equal(expected[j], gradient[j], 1e-11 * (1 + Math.Abs(expected[j])));
        }
    }

    [Fact]
    public void A_rows_score_and_derivative_have_the_same_bits_wherever_the_row_sits()
    {
        const int d = 300;
        const int n = 45;
        var (starts, indices, values, targets, weights) = Problem(d, n, 23, seed: 9);
        var (scores, derivatives) = Run(starts, indices, values, targets, weights, d, 0, n);

        foreach (var split in new[] { 1, 4, 7, 8, 9, 44 })
        {
            var (s1, r1) = Run(starts, indices, values, targets, weights, d, 0, split);
            var (s2, r2) = Run(starts, indices, values, targets, weights, d, split, n - split);
            Assert.Equal(scores, s1.Concat(s2).ToArray());
            Assert.Equal(derivatives, r1.Concat(r2).ToArray());
        }
    }

    /// <summary>At 8 the index is in the scalar tail of the check, at 0 and 3 in its vector part.</summary>
    [Theory]
    [InlineData(5, 8)]
    [InlineData(-1, 8)]
    [InlineData(int.MaxValue, 8)]
    [InlineData(5, 0)]
    [InlineData(-1, 3)]
    public void An_index_outside_the_weights_is_refused_before_anything_is_added(int bad, int position)
    {
        double a = 0, b = 0;
        var gradient = new double[5];
        int[] indices = [0, 1, 2, 3, 0, 1, 2, 3, 4];
        indices[position] = bad;
        Assert.Throws<ArgumentException>(() => SparseLogisticGradientKernel.Accumulate(
            [0, 4, 9], indices, [1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], 0, [1.0, 0.0], [1.0, 1.0, 1.0, 1.0, 1.0], 0, gradient, ref a, ref b, new double[2], new double[2]));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
        Assert.Equal((0.0, 0.0), (a, b));
    }

    [Fact]
    public void Row_starts_out_of_order_are_refused_not_read()
    {
        // The block spans non-zeros 2–3, which are checked; row 0 claims 2–5, and non-zero 5 holds an index far past
        // the weights that no check saw.
        double a = 0, b = 0;
        Assert.ThrowsAny<SystemException>(() => SparseLogisticGradientKernel.Accumulate(
            [2, 6, 4], [0, 1, 2, 3, 0, 1 << 28, 2, 3], [1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], 0, [1.0, 0.0], new double[4], 0, new double[4], ref a, ref b, new double[2], new double[2]));
    }

    /// <summary>
    /// The scores must be the four running sums the remarks promise, non-zeros 4t + j in sum j and the rest in sum 0,
    /// folded as (s₀ + s₁) + (s₂ + s₃), to the bit, on every path (gathered or scalar): a row's score then does not
    /// depend on the machine's instructions.
    /// </summary>
    [Fact]
    public void Scores_are_the_four_running_sums_to_the_bit()
    {
        const int d = 1000;
        const int n = 90;
        var (starts, indices, values, targets, weights) = Problem(d, n, 61, seed: 17);
        var (scores, _) = Run(starts, indices, values, targets, weights, d, 0, n);

        for (var k = 0; k < n; k++)
        {
            var sums = new double[4];
            var length = starts[k + 1] - starts[k];
            for (var t = 0; t < length; t++)
            {
                var at = starts[k] + t;
                var lane = t < length - (length % 4) ? t % 4 : 0;
                sums[lane] = Math.FusedMultiplyAdd(values[at], weights[indices[at]], sums[lane]);
            }

            Assert.Equal((sums[0] + sums[1]) + (sums[2] + sums[3]) + 0.1, scores[k]);
        }
    }

    private static (double[] Scores, double[] Derivatives) Run(int[] starts, int[] indices, float[] values, double[] targets, double[] weights, int d, int first, int count)
    {
        var (scores, derivatives) = (new double[count], new double[count]);
        double a = 0, b = 0;
        SparseLogisticGradientKernel.Accumulate(starts, indices, values, first, targets.AsSpan(first, count), weights, 0.1, new double[d], ref a, ref b, scores, derivatives);
        return (scores, derivatives);
    }

    private static (int[] Starts, int[] Indices, float[] Values, double[] Targets, double[] Weights) Problem(int d, int n, int maximumPerRow, int seed)
    {
        var random = new Random(seed);
        var starts = new int[n + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var k = 0; k < n; k++)
        {
            var row = Enumerable.Range(0, d).OrderBy(_ => random.Next()).Take(random.Next(maximumPerRow + 1)).Order().ToArray();
            indices.AddRange(row);
            values.AddRange(row.Select(_ => (float)((random.NextDouble() * 4) - 2)));
            starts[k + 1] = indices.Count;
        }

        var targets = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        var weights = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        return (starts, [.. indices], [.. values], targets, weights);
    }
}
