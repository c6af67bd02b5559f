using ShardML.Algorithms.LinearModels;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class MiniBatchSamplerTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 1000)]
    [InlineData(5, 5)]
    [InlineData(7, 1000)]
    [InlineData(31, 40)]
    [InlineData(32, 1000)]
    [InlineData(200, 250)]
    [InlineData(500, 100_000)]
    public void The_allocation_free_samplers_draw_the_rows_of_Floyds_algorithm_with_a_hash_set(int count, int rows)
    {
        var scratch = new HashSet<int>();
        var into = new int[count];
        var partition = new PartitionSampler(count, rows, 42, 3);
        var fromPartition = new int[count];
        for (var step = 0L; step < 20; step++)
        {
            MiniBatchSampler.Sample(rows, 42, step, 3, into, scratch);
            partition.Sample(step, fromPartition);

            var expected = Reference(count, rows, 42, step, 3);
            Assert.Equal(expected, into);
            Assert.Equal(expected, fromPartition);
            Assert.Equal(expected, MiniBatchSampler.Sample(count, rows, 42, step, 3));
        }
    }

    /// <summary>The sampler as first written: Floyd's algorithm with a hash set, then a sort.</summary>
    private static int[] Reference(int count, int rows, ulong seed, long step, int partition)
    {
        var stream = ((ulong)step << 8) ^ 0x5347_4442;
        var chosen = new HashSet<int>(count);
        var result = new int[count];
        var n = 0;
        for (var j = rows - count; j < rows; j++)
        {
            var r = CounterRandom.Next(seed, stream, ((ulong)(uint)partition << 32) | (uint)j);
            var t = (int)(((UInt128)r * (ulong)(j + 1)) >> 64);
            var pick = chosen.Add(t) ? t : j;
            if (pick == j)
            {
                chosen.Add(j);
            }

            result[n++] = pick;
        }

        Array.Sort(result);
        return result;
    }
}
