using ShardML.Algorithms.LinearModels;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>The shuffled-block walk: every row once an epoch, blocks whole and in order inside, a new order each epoch.</summary>
public sealed class BlockOrderSamplerTests
{
    [Theory]
    [InlineData(1000, 1)] // 15 full blocks and 40 rows left over
    [InlineData(1024, 4)]
    [InlineData(64, 1)]
    [InlineData(50, 2)] // no full block: the rows in order
    public void Each_epoch_visits_every_row_once(int rows, int batch)
    {
        using var sampler = new BlockOrderSampler(batch, rows, 42, 3);
        var stepsPerEpoch = rows / batch;

        int[] first = Walk(sampler, 0, stepsPerEpoch, batch);
        int[] second = Walk(sampler, stepsPerEpoch, stepsPerEpoch, batch);

        Assert.Equal(Enumerable.Range(0, stepsPerEpoch * batch), first.Order());
        Assert.Equal(Enumerable.Range(0, stepsPerEpoch * batch), second.Order());
        if (rows >= 3 * BlockOrderSampler.BlockRows)
        {
            Assert.NotEqual(first, second); // another block order in the next epoch
        }
    }

    [Fact]
    public void Blocks_are_whole_runs_of_consecutive_rows_and_the_rows_left_over_come_last_in_order()
    {
        const int rows = 1000;
        using var sampler = new BlockOrderSampler(1, rows, 7, 0);
        var walk = Walk(sampler, 0, rows, 1);
        var full = rows / BlockOrderSampler.BlockRows * BlockOrderSampler.BlockRows;

        for (var start = 0; start < full; start += BlockOrderSampler.BlockRows)
        {
            Assert.Equal(0, walk[start] % BlockOrderSampler.BlockRows);
            for (var i = 1; i < BlockOrderSampler.BlockRows; i++)
            {
                Assert.Equal(walk[start] + i, walk[start + i]);
            }
        }

        Assert.Equal(Enumerable.Range(full, rows - full), walk[full..]);
        Assert.NotEqual(Enumerable.Range(0, full), walk[..full]); // shuffled, not the file's order
    }

    [Fact]
    public void A_step_is_a_pure_function_of_seed_partition_and_step()
    {
        using var a = new BlockOrderSampler(2, 5000, 42, 1);
        using var b = new BlockOrderSampler(2, 5000, 42, 1);
        using var otherPartition = new BlockOrderSampler(2, 5000, 42, 2);
        using var otherSeed = new BlockOrderSampler(2, 5000, 43, 1);

        var later = Walk(a, 7000, 10, 2); // the second epoch first, then back to the first
        var early = Walk(a, 3, 10, 2);

        Assert.Equal(later, Walk(b, 7000, 10, 2));
        Assert.Equal(early, Walk(b, 3, 10, 2));
        Assert.NotEqual(Walk(otherPartition, 0, 500, 2), Walk(b, 0, 500, 2));
        Assert.NotEqual(Walk(otherSeed, 0, 500, 2), Walk(b, 0, 500, 2));
    }

    private static int[] Walk(BlockOrderSampler sampler, long firstStep, int steps, int batch)
    {
        var rows = new int[steps * batch];
        for (var s = 0; s < steps; s++)
        {
            var step = rows.AsSpan(s * batch, batch);
            sampler.Sample(firstStep + s, step);
            Assert.True(step.ToArray().SequenceEqual(step.ToArray().Order()), "a step's rows come ascending");
        }

        return rows;
    }
}
