using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class CholeskySolverTests
{
    [Fact]
    public void Solves_a_small_system_known_by_hand()
    {
        // [[4, 2], [2, 3]] x = [2, 1]  →  x = [0.5, 0]
        Assert.True(CholeskySolver.TrySolve([4, 2, 2, 3], [2, 1], 2, out var x));

        Assert.Equal(0.5, x[0], 15);
        Assert.Equal(0.0, x[1], 15);
    }

    [Fact]
    public void Solves_a_random_positive_definite_system_to_a_small_residual()
    {
        const int d = 12;
        var random = new Random(7);
        var b = new double[d * d];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = random.NextDouble() - 0.5;
        }

        var a = new double[d * d]; // BᵀB + I is positive definite
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < d; k++)
                {
                    a[(i * d) + j] += b[(k * d) + i] * b[(k * d) + j];
                }
            }

            a[(i * d) + i] += 1;
        }

        var expected = Enumerable.Range(0, d).Select(i => (double)i - 5).ToArray();
        var rhs = Enumerable.Range(0, d).Select(i => Enumerable.Range(0, d).Sum(j => a[(i * d) + j] * expected[j])).ToArray();

        Assert.True(CholeskySolver.TrySolve((double[])a.Clone(), rhs, d, out var x));

        for (var i = 0; i < d; i++)
        {
            Assert.Equal(expected[i], x[i], 1e-10);
        }
    }

    [Fact]
    public void A_singular_matrix_is_reported_not_solved()
    {
        Assert.False(CholeskySolver.TrySolve([1, 2, 2, 4], [1, 2], 2, out _));
    }
}
