using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class SparseKernelsTests
{
    [Fact]
    public void Dot_and_add_scaled_touch_only_the_listed_indices()
    {
        int[] indices = [1, 4];
        float[] values = [2, -3];
        var dense = new double[] { 10, 20, 30, 40, 50 };

        Assert.Equal((2 * 20.0) - (3 * 50.0), SparseKernels.Dot(indices, values, dense));
        Assert.Equal((2 * 20.0) - (3 * 50.0), SparseKernels.Dot(indices, values, dense.Select(v => (float)v).ToArray()));

        SparseKernels.AddScaled(dense, 0.5, indices, values);
        Assert.Equal(new double[] { 10, 21, 30, 40, 48.5 }, dense);
        Assert.Equal(13.0, SparseKernels.SumOfSquares(values));
    }
}
