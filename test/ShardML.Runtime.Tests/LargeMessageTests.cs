using MemoryPack;
using Orleans.Configuration;
using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using Microsoft.Extensions.DependencyInjection;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Transfer;

namespace ShardML.Runtime.Tests;

/// <summary>
/// Steps and summaries bigger than Orleans' message body limit travel in chunks. The limit is lowered to 1 MiB
/// here so that an 8 MB step and a 16 MB summary are each many times over it.
/// </summary>
public sealed class LargeMessageTests : IAsyncLifetime, IDisposable
{
    private const int Limit = 1 << 20;
    private static readonly Type[] WireTypes = [.. AlgorithmCatalog.WireTypes, typeof(ScaleVectorStep), typeof(VectorSum)];
    private readonly SampleFiles _files = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddShardML(WireTypes);
            silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = Limit);
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.MaxMessageBodySize = Limit));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_step_and_summaries_many_times_the_message_limit_arrive_whole_in_chunks_or_over_the_data_plane(bool dataPlane)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 300) }, 4);
        var shard = ShardCluster.FromGrainFactory(_cluster.Client, WireTypes);
        shard.ExecutorOptions = shard.ExecutorOptions with { MaximumMessageBytes = Limit / 4, BulkTransferBytes = dataPlane ? 1 << 20 : 0 };
        var completed = _cluster.Silos.Sum(s => s.ServiceProvider.GetRequiredService<BulkEndpoint>().Admitted);
        await using var executor = await shard.LoadAsync(plan, CancellationToken.None);
        var vector = Enumerable.Range(0, 2_000_000).Select(i => (float)Math.Sin(i)).ToArray();

        var sum = await executor.RunAsync(new ScaleVectorStep(vector), CancellationToken.None);

        Assert.True(vector.Length * sizeof(float) > 4 * Limit);
        Assert.Equal(vector.Length, sum.Values.Length);
        for (var i = 0; i < vector.Length; i += 9973)
        {
            Assert.Equal(300.0 * vector[i], sum.Values[i]); // every row adds the vector once
        }

        var pass = executor.Statistics.PerPass[^1];
        Assert.True(pass.BytesReceived > 2 * 8L * vector.Length - 1, "both silos' summaries arrived");
        var viaDataPlane = _cluster.Silos.Sum(s => s.ServiceProvider.GetRequiredService<BulkEndpoint>().Admitted) - completed;
        Assert.True(dataPlane ? viaDataPlane >= 4 : viaDataPlane == 0, $"{viaDataPlane} transfers over the data plane"); // a step to each silo, at least one summary from each
    }

    [Fact]
    public async Task Steps_over_the_data_plane_pass_after_pass_each_run_as_sent_though_they_land_in_the_same_arrays()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 300) }, 4);
        var shard = ShardCluster.FromGrainFactory(_cluster.Client, WireTypes);
        shard.ExecutorOptions = shard.ExecutorOptions with { MaximumMessageBytes = Limit / 4, BulkTransferBytes = 1 << 20 };
        await using var executor = await shard.LoadAsync(plan, CancellationToken.None);

        // Each pass's step arrives in an array of the same length, recycled after the step before it ran
        // (BulkBuffers): the silo must decode the bytes now in it, not remember the step it decoded from it last time.
        for (var pass = 1; pass <= 3; pass++)
        {
            var vector = Enumerable.Range(0, 2_000_000).Select(i => (float)(pass * Math.Sin(i))).ToArray();
            var sum = await executor.RunAsync(new ScaleVectorStep(vector), CancellationToken.None);
            for (var i = 0; i < vector.Length; i += 9973)
            {
                Assert.Equal(300.0 * vector[i], sum.Values[i]);
            }
        }
    }

    [Fact]
    public async Task A_silo_that_dies_before_its_data_plane_transfer_costs_a_retry_and_the_sum_keeps_its_bits()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 300) }, 4);
        var shard = ShardCluster.FromGrainFactory(_cluster.Client, WireTypes);
        // Learn of the death by the failed ticket call and the failed fallback, not from membership.
        shard.ExecutorOptions = shard.ExecutorOptions with { MaximumMessageBytes = Limit / 4, BulkTransferBytes = 1 << 20, MembershipRefreshInterval = TimeSpan.FromHours(1) };
        await using var executor = await shard.LoadAsync(plan, CancellationToken.None);
        var vector = Enumerable.Range(0, 2_000_000).Select(i => (float)Math.Cos(i)).ToArray();
        var before = await executor.RunAsync(new ScaleVectorStep(vector), CancellationToken.None);
        var victim = _cluster.Silos.Single(s => s.SiloAddress.ToParsableString() != _cluster.Silos[0].SiloAddress.ToParsableString());
        Assert.Contains(victim.SiloAddress.ToParsableString(), executor.Placement);

        await _cluster.KillSiloAsync(victim);
        var after = await executor.RunAsync(new ScaleVectorStep(vector), CancellationToken.None);

        Assert.Equal(before.Values, after.Values);
        Assert.DoesNotContain(victim.SiloAddress.ToParsableString(), executor.Placement);
        Assert.True(executor.Statistics.Retries + executor.Statistics.Speculations >= 1, "the pass that met the dead silo was neither retried nor speculated");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose() => _files.Dispose();
}

/// <summary>Adds <see cref="Vector"/> once per row of the partition, in double: a step and a summary as big as the vector.</summary>
[MemoryPackable]
public sealed partial record ScaleVectorStep(float[] Vector) : IPartitionStep<VectorSum>
{
    public VectorSum Run(Partition partition, StepContext context)
    {
        var values = new double[Vector.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (double)Vector[i] * partition.RowCount;
        }

        return new VectorSum(values);
    }
}

[MemoryPackable]
public sealed partial class VectorSum(double[] values) : Summary<VectorSum>
{
    public double[] Values { get; } = values;

    public override VectorSum Merge(VectorSum higher)
    {
        for (var i = 0; i < Values.Length; i++)
        {
            Values[i] += higher.Values[i];
        }

        return this;
    }
}
