using ShardML.Algorithms;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Runtime.Tests;

/// <summary>
/// On the embedded silo the driver, the aggregator and the partitions share one process: summaries must come back
/// as objects, not be encoded and decoded twice, and give the in-memory executor's bits.
/// </summary>
public sealed class EmbeddedSiloTests : IDisposable
{
    private static readonly Type[] WireTypes = [.. AlgorithmWireTypes.All, typeof(ScaleVectorStep), typeof(VectorSum)];
    private readonly SampleFiles _files = new();

    [Fact]
    public async Task Summaries_reach_the_driver_as_objects_with_the_in_memory_bits()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 300) }, 4);
        var vector = Enumerable.Range(0, 100_000).Select(i => (float)Math.Sin(i)).ToArray();
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await local.RunAsync(new ScaleVectorStep(vector), CancellationToken.None);

        await using var shard = await ShardCluster.StartEmbeddedAsync(WireTypes, null, CancellationToken.None);
        await using var executor = await shard.LoadAsync(plan, CancellationToken.None);
        var actual = await executor.RunAsync(new ScaleVectorStep(vector), CancellationToken.None);

        Assert.Equal(expected.Values, actual.Values);
        var pass = executor.Statistics.PerPass[^1];
        Assert.Equal(0, pass.BytesReceived); // an 800 KB summary per partition, none of it serialized
    }

    public void Dispose() => _files.Dispose();
}
