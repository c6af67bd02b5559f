using ShardML.Algorithms.KMeans;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Tests.SecureAggregation;

/// <summary>Failures under secure aggregation; each test has a cluster of its own.</summary>
public sealed class SecureFaultTests : IDisposable
{
    private readonly SampleFiles _files = new();

    [Fact]
    public async Task A_silo_killed_mid_pass_makes_the_pass_run_again_among_the_survivors_and_the_total_has_the_same_bits()
    {
        await using var secure = await SecureTestCluster.StartAsync(3);
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 6);
        var step = new LloydStep([1, 1, 1, 8, 8, 1, -8, 6, 3, 5, -7, -5], 4, 3, 0);
        await using var reference = await InMemoryExecutor.LoadAsync(plan, AggregationPrivacy.TotalsOnly, CancellationToken.None);
        var expected = await reference.RunAsync(step, CancellationToken.None);

        // Partition 0 takes three seconds on the silo that first holds it: that silo dies while the pass waits for it.
        secure.Shard.ExecutorOptions = new ClusterExecutorOptions
        {
            SecureAggregation = SecureAggregationMode.Masking,
            MembershipRefreshInterval = TimeSpan.FromHours(1), // learn of the death by the failed call
            Chaos = new ChaosOptions(DelayedPartition: 0, Delay: TimeSpan.FromSeconds(3)),
        };
        await using var cluster = await secure.Shard.LoadAsync(plan, CancellationToken.None);
        var victim = secure.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == cluster.Placement[0]);
        var pass = cluster.RunAsync(step, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(pass.IsCompleted);
        await secure.Cluster.KillSiloAsync(victim);
        var actual = await pass;

        Assert.Equal(expected.Sums.Select(BitConverter.DoubleToInt64Bits), actual.Sums.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.Counts, actual.Counts);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Inertia), BitConverter.DoubleToInt64Bits(actual.Inertia));
        Assert.DoesNotContain(victim.SiloAddress.ToParsableString(), cluster.Placement);
        Assert.True(cluster.Statistics.Retries >= 1, "the pass that lost a silo was not run again");
        Assert.Equal(2, cluster.Statistics.PerPass[^1].Silos);
    }

    [Fact]
    public async Task Silos_without_certificates_refuse_secure_aggregation_and_say_why()
    {
        await using var insecure = await SecureTestCluster.StartAsync(2, certificates: false);
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 4);
        insecure.Shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = SecureAggregationMode.Masking };
        await using var cluster = await insecure.Shard.LoadAsync(plan, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SecureAggregationRefusedException>(() => cluster.RunAsync(new LloydStep([0, 0, 0], 1, 3, 0), CancellationToken.None));

        Assert.Contains("--insecure", refused.Message, StringComparison.Ordinal);
        Assert.Contains("TLS", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
