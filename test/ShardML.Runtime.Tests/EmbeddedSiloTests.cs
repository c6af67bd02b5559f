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
    private static readonly Type[] WireTypes = [.. AlgorithmCatalog.WireTypes, typeof(ScaleVectorStep), typeof(VectorSum), typeof(ConcurrencyProbeStep)];
    private readonly SampleFiles _files = new();

    [Fact]
    public async Task Steps_and_summaries_cross_the_embedded_silo_as_objects_with_the_in_memory_bits()
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
        Assert.Equal(0, pass.BytesSent); // nor the 400 KB step: only silos in other processes need it encoded
    }

    [Fact]
    public async Task A_silo_runs_one_step_per_core_at_a_time_and_uses_every_core()
    {
        // Eight partitions, each step blocked for 150 ms, and a thread pool that has grown well past the cores (as a
        // long-lived silo's does): a grain turn per step would run all eight at once and time-slice the cores.
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 400) }, 8);
        await using var shard = await ShardCluster.StartEmbeddedAsync(WireTypes, null, CancellationToken.None);
        await using var executor = await shard.LoadAsync(plan, CancellationToken.None);
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completions);
        try
        {
            ConcurrencyProbeStep.Reset();

            var runs = await executor.RunAsync(new ConcurrencyProbeStep(150), CancellationToken.None);

            Assert.Equal(8, runs.Values[0]);
            Assert.Equal(Math.Min(Environment.ProcessorCount, 8), ConcurrencyProbeStep.MostAtOnce);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completions);
        }
    }

    public void Dispose() => _files.Dispose();
}

/// <summary>Blocks for a while and records how many of its runs overlapped; its summary counts the runs.</summary>
[MemoryPack.MemoryPackable]
public sealed partial record ConcurrencyProbeStep(int Milliseconds) : IPartitionStep<VectorSum>
{
    private static int s_running;
    private static int s_mostAtOnce;

    public static int MostAtOnce => Volatile.Read(ref s_mostAtOnce);

    public static void Reset()
    {
        s_running = 0;
        s_mostAtOnce = 0;
    }

    public VectorSum Run(Partition partition, StepContext context)
    {
        var now = Interlocked.Increment(ref s_running);
        int most;
        while (now > (most = Volatile.Read(ref s_mostAtOnce)) && Interlocked.CompareExchange(ref s_mostAtOnce, now, most) != most)
        {
        }

        Thread.Sleep(Milliseconds);
        Interlocked.Decrement(ref s_running);
        return new VectorSum([1]);
    }
}
