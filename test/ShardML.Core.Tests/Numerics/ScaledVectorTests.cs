using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class ScaledVectorTests
{
    [Fact]
    public void A_long_sequence_of_shrinks_and_sparse_and_dense_updates_matches_a_plain_vector()
    {
        var random = new Random(5);
        const int d = 37;
        var plain = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var scaled = new ScaledVector(plain);
        for (var step = 0; step < 5000; step++)
        {
            var shrink = 1 - (random.NextDouble() * 0.02);
            scaled.Multiply(shrink);
            for (var j = 0; j < d; j++)
            {
                plain[j] *= shrink;
            }

            var a = (random.NextDouble() - 0.5) * 0.1;
            if (step % 2 == 0)
            {
                var row = Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                Assert.Equal(Dot(plain, row), scaled.Dot(row), 1e-9);
                scaled.AddScaled(a, row);
                for (var j = 0; j < d; j++)
                {
                    plain[j] += a * row[j];
                }
            }
            else
            {
                var first = step % (d - 5);
                int[] indices = [first, first + 1 + (step % 5)]; // strictly increasing, as CSR requires
                var values = indices.Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                scaled.AddScaled(a, indices, values);
                for (var k = 0; k < indices.Length; k++)
                {
                    plain[indices[k]] += a * values[k];
                }
            }
        }

        var w = new double[d];
        scaled.CopyTo(w);
        for (var j = 0; j < d; j++)
        {
            Assert.Equal(plain[j], w[j], 1e-10);
        }
    }

    [Fact]
    public void The_scale_is_folded_back_before_it_underflows()
    {
        var scaled = new ScaledVector([1.0, -2.0]);

        for (var i = 0; i < 100; i++)
        {
            scaled.Multiply(0.5);
        }

        var w = new double[2];
        scaled.CopyTo(w);
        Assert.True(scaled.Scale >= 1e-9);
        Assert.Equal(Math.Pow(0.5, 100), w[0], 1e-40);
        Assert.Equal(-2 * Math.Pow(0.5, 100), w[1], 1e-40);
    }

    [Fact]
    public void Multiplying_by_zero_resets_the_vector()
    {
        var scaled = new ScaledVector([3.0, 4.0]);

        scaled.Multiply(0);
        scaled.AddScaled(1, [1f, 1f]);

        var w = new double[2];
        scaled.CopyTo(w);
        Assert.Equal([1.0, 1.0], w);
    }

    private static double Dot(double[] w, float[] x) => w.Zip(x).Sum(p => p.First * p.Second);
}
