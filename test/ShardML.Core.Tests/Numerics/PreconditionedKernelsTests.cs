using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

/// <summary>The kernels behind steps in standardized coordinates, x′ = (x − μ)/σ, taken on raw weights with D = 1/σ².</summary>
public sealed class PreconditionedKernelsTests
{
    [Fact]
    public void A_centered_step_adds_the_scaled_row_and_returns_the_change_of_the_dot_with_the_mean()
    {
        var random = new Random(3);
        const int d = 37; // not a multiple of any vector width
        var x = Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
        var mean = Enumerable.Range(0, d).Select(_ => random.NextDouble() * 5).ToArray();
        var factors = Enumerable.Range(0, d).Select(_ => 0.1 + random.NextDouble()).ToArray();
        var w = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var before = w.Zip(mean).Sum(p => p.First * p.Second);
        var expected = w.Select((v, j) => v + (0.3 * (x[j] - mean[j]) * factors[j])).ToArray();

        var change = WideningKernels.AddScaledCentered(w, 0.3, x, mean, factors);

        for (var j = 0; j < d; j++)
        {
            Assert.Equal(expected[j], w[j], 1e-12);
        }

        Assert.Equal(w.Zip(mean).Sum(p => p.First * p.Second) - before, change, 1e-10);
        Assert.Equal(x.Select((v, j) => (v - mean[j]) * (v - mean[j]) * factors[j]).Sum(), WideningKernels.CenteredWeightedSumOfSquares(x, mean, factors), 1e-9);
    }

    [Fact]
    public void A_sparse_preconditioned_step_touches_only_the_listed_indices()
    {
        int[] indices = [1, 4];
        float[] values = [2, -3];
        double[] factors = [9, 0.5, 9, 9, 2];
        var dense = new double[] { 10, 20, 30, 40, 50 };

        SparseKernels.AddScaled(dense, 2, indices, values, factors);

        Assert.Equal(new double[] { 10, 22, 30, 40, 38 }, dense);
        Assert.Equal((4 * 0.5) + (9 * 2), SparseKernels.WeightedSumOfSquares(indices, values, factors));
    }

    [Fact]
    public void A_scaled_vector_tracks_its_dot_with_the_mean_through_shrinks_and_centered_steps()
    {
        var random = new Random(4);
        const int d = 19;
        var mean = Enumerable.Range(0, d).Select(_ => random.NextDouble() * 3).ToArray();
        var factors = Enumerable.Range(0, d).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var vector = new ScaledVector(Enumerable.Range(0, d).Select(_ => random.NextDouble()).ToArray());
        var offset = vector.Dot(mean);
        for (var step = 0; step < 200; step++)
        {
            var shrink = 0.9 + (random.NextDouble() * 0.1);
            vector.Multiply(shrink);
            offset *= shrink;
            var row = Enumerable.Range(0, d).Select(_ => (float)random.NextDouble()).ToArray();
            offset += vector.AddScaled(random.NextDouble() - 0.5, row, mean, factors);
        }

        Assert.Equal(vector.Dot(mean), offset, 1e-9);
    }
}
