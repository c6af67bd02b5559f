using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Core.Tests.Numerics;

public sealed class LinearGradientKernelTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 0, 3 }, { 1, 1 }, { 3, 7 }, { 4, 8 }, { 5, 16 }, { 9, 17 }, { 100, 64 }, { 37, 65 }, { 12, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_fused_pass_matches_residuals_and_gradient_computed_row_by_row_in_double(int rows, int d)
    {
        var random = new Random(rows * 100 + d);
        var x = Enumerable.Range(0, rows * d).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
        var w = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        const double b = 0.75;

        var expected = new double[d];
        double expectedResidualSum = 0, expectedSquaredSum = 0, magnitude = 0;
        for (var i = 0; i < rows; i++)
        {
            var z = b;
            for (var j = 0; j < d; j++)
            {
                z += x[(i * d) + j] * w[j];
            }

            var r = z - y[i];
            expectedResidualSum += r;
            expectedSquaredSum += 0.5 * r * r; // ℓ = ½ r²
            for (var j = 0; j < d; j++)
            {
                expected[j] += r * x[(i * d) + j];
                magnitude += Math.Abs(r * x[(i * d) + j]);
            }
        }

        var gradient = new double[d];
        double residualSum = 0, squaredSum = 0;
        LinearGradientKernel.Accumulate<SquaredLoss>(x, y, w, b, gradient, ref residualSum, ref squaredSum);

        var tolerance = 1e-13 * Math.Max(1, magnitude);
        for (var j = 0; j < d; j++)
        {
            Assert.True(Math.Abs(expected[j] - gradient[j]) <= tolerance, $"gradient[{j}]: {gradient[j]:R} vs {expected[j]:R}");
        }

        Assert.True(Math.Abs(expectedResidualSum - residualSum) <= tolerance, $"Σr: {residualSum:R} vs {expectedResidualSum:R}");
        Assert.True(Math.Abs(expectedSquaredSum - squaredSum) <= 1e-13 * Math.Max(1, expectedSquaredSum), $"Σr²: {squaredSum:R} vs {expectedSquaredSum:R}");
    }

    [Fact]
    public void The_same_block_twice_gives_the_same_bits()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 1000 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 1000).Select(_ => (float)random.NextDouble()).ToArray();
        var w = Enumerable.Range(0, 64).Select(j => j * 0.01).ToArray();

        var (g1, s1, q1) = Run(x, y, w);
        var (g2, s2, q2) = Run(x, y, w);

        Assert.Equal(g1.Select(BitConverter.DoubleToInt64Bits), g2.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(BitConverter.DoubleToInt64Bits(s1), BitConverter.DoubleToInt64Bits(s2));
        Assert.Equal(BitConverter.DoubleToInt64Bits(q1), BitConverter.DoubleToInt64Bits(q2));
    }

    private static (double[] Gradient, double ResidualSum, double SquaredSum) Run(float[] x, float[] y, double[] w)
    {
        var gradient = new double[w.Length];
        double residualSum = 0, squaredSum = 0;
        LinearGradientKernel.Accumulate<SquaredLoss>(x, y, w, 0.5, gradient, ref residualSum, ref squaredSum);
        return (gradient, residualSum, squaredSum);
    }
}
