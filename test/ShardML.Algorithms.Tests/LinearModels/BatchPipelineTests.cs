using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class BatchPipelineTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(1, 100, false)]
    [InlineData(1, 100, true)]
    [InlineData(3, 41, true)]
    [InlineData(16, 7, true)]
    [InlineData(17, 60, false)]
    [InlineData(17, 60, true)]
    [InlineData(65, 9, true)]
    public void Every_step_gets_the_samplers_batch_however_far_ahead_it_was_drawn(int batch, int steps, bool sparse)
    {
        // Sparse batches are drawn twice as far ahead as dense ones, so the ring wraps at different steps.
        var table = Generate.SparseRegression(300, 0.2, [.. Enumerable.Repeat(1.0, 12)], [.. Enumerable.Repeat(0.5, 12)], 0, 0.1, 5);
        var partition = MemoryPartitions.Build(table, 0, 300, 2, sparse);
        const long firstStep = 1234;
        var pipeline = new BatchPipeline(partition, batch, steps, 42, firstStep, 2);

        for (var h = 0; h < steps; h++)
        {
            Assert.Equal(MiniBatchSampler.Sample(batch, 300, 42, firstStep + h, 2), pipeline.Next(h).ToArray());
        }
    }
}
