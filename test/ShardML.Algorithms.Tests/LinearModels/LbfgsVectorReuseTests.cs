using ShardML.Algorithms.LinearModels;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LbfgsVectorReuseTests
{
    [Fact]
    public void The_pool_hands_back_what_was_returned_and_refuses_a_vector_returned_twice()
    {
        var pool = new VectorPool(5);
        var first = pool.Rent();
        var second = pool.Rent();
        Assert.NotSame(first, second);

        pool.Return(first);
        Assert.Same(first, pool.Rent());
        Assert.Equal(0, pool.Free);

        pool.Return(second);
        Assert.Throws<InvalidOperationException>(() => pool.Return(second));
        pool.Return(new double[4]); // another length: not the pool's, ignored
        Assert.Equal(1, pool.Free);
    }

    [Fact]
    public void The_memory_gives_its_dropped_pairs_back_to_the_pool()
    {
        var pool = new VectorPool(2);
        var memory = new LbfgsMemory(2, pool);
        double[][] pushed = [[1, 0], [1, 0], [0, 1], [0, 1], [1, 1], [1, 1]];
        for (var i = 0; i < pushed.Length; i += 2)
        {
            Assert.True(memory.Push(pushed[i], pushed[i + 1]));
        }

        // Capacity 2: the first pair was dropped for the third, and only its vectors are free.
        Assert.Equal(2, pool.Free);
        var freed = new[] { pool.Rent(), pool.Rent() };
        Assert.Contains(freed, v => ReferenceEquals(v, pushed[0]));
        Assert.Contains(freed, v => ReferenceEquals(v, pushed[1]));

        // A pair of negative curvature is refused, and freed at once.
        Assert.False(memory.Push([1, 0], [-1, 0]));
        Assert.Equal(2, pool.Free);

        memory.Clear();
        Assert.Equal(6, pool.Free);
    }

    [Fact]
    public void The_direction_into_a_reused_buffer_equals_the_allocating_one()
    {
        var memory = new LbfgsMemory(3);
        memory.Push([0.5, -0.25, 1], [1.5, -0.5, 2.5]);
        memory.Push([-0.125, 0.75, 0.5], [-0.25, 1.25, 1.5]);
        double[] gradient = [0.3, -1.7, 0.9];
        var buffer = new double[] { double.NaN, 42, -1 };

        memory.Direction(gradient, buffer);

        Assert.Equal(memory.Direction(gradient), buffer);
    }
}
