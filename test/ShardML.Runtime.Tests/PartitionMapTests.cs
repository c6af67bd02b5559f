using ShardML.Runtime.Placement;

namespace ShardML.Runtime.Tests;

/// <summary>How long a silo stays suspected: until its suspicion expires, or until membership makes the guess moot.</summary>
public sealed class PartitionMapTests
{
    private static readonly ClusterExecutorOptions Options = new() { SuspicionTimeout = TimeSpan.FromSeconds(60), MembershipRefreshInterval = TimeSpan.Zero };

    [Fact]
    public async Task Placing_a_dataset_asks_membership_again_while_it_cannot_be_read()
    {
        // Right after a silo dies, the management grain may still be addressed on it: reading membership fails
        // with a connection error until Orleans declares the silo dead. Loading a dataset then must wait, not fail.
        var reads = 0;
        var membership = new MutableMembership { Silos = ["silo-a", "silo-b"] };
        membership.OnRead = () =>
        {
            if (++reads < 3)
            {
                throw new InvalidOperationException("Unable to connect to the dead silo");
            }
        };
        var options = new ClusterExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(5), RecoveryTimeout = TimeSpan.FromSeconds(10) };

        var map = await PartitionMap.CreateAsync("ds-test", 8, membership, options, TimeProvider.System, CancellationToken.None);

        Assert.Equal(3, reads);
        Assert.Equal(["silo-a", "silo-b"], map.Owners.Distinct().Order());
    }

    [Fact]
    public async Task Membership_that_stays_unreadable_past_the_recovery_timeout_is_a_cluster_error()
    {
        var membership = new MutableMembership { OnRead = () => throw new InvalidOperationException("Unable to connect") };
        var options = new ClusterExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(5), RecoveryTimeout = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => PartitionMap.CreateAsync("ds-test", 8, membership, options, TimeProvider.System, CancellationToken.None));

        Assert.Contains("Unable to connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspected_silo_stays_out_while_others_can_run_and_nobody_leaves_then_comes_back_when_the_suspicion_expires()
    {
        var (map, membership, clock) = await ThreeSilosAsync();

        map.Suspect("b");
        await map.RefreshAsync(force: true, CancellationToken.None);
        Assert.Equal(["a", "c"], map.TrustedSilos);
        Assert.DoesNotContain("b", map.Owners);

        clock.Advance(TimeSpan.FromSeconds(61));
        await map.RefreshAsync(force: true, CancellationToken.None);
        Assert.Equal(["a", "b", "c"], map.TrustedSilos);
        Assert.Equal(["a", "b", "c"], membership.Silos);
    }

    [Fact]
    public async Task When_membership_drops_a_silo_the_silos_suspected_meanwhile_are_trusted_again()
    {
        // A killed silo's partitions move; the silos activating them fail too while the dead one is still listed.
        var (map, membership, _) = await ThreeSilosAsync();
        map.Suspect("c");
        map.Suspect("a");
        await map.RefreshAsync(force: true, CancellationToken.None);
        Assert.Equal(["b"], map.TrustedSilos);

        membership.Silos = ["a", "b"];
        var refresh = await map.RefreshAsync(force: true, CancellationToken.None);

        Assert.Equal(["a", "b"], map.TrustedSilos);
        Assert.Equal(1, refresh.Forgiven);
        Assert.Contains("a", map.Owners);
    }

    [Fact]
    public async Task When_every_active_silo_is_suspected_all_are_tried_again_instead_of_waiting_out_the_suspicions()
    {
        var (map, _, _) = await ThreeSilosAsync();
        map.Suspect("a");
        map.Suspect("b");
        map.Suspect("c");
        Assert.Empty(map.TrustedSilos);

        var refresh = await map.RefreshAsync(force: true, CancellationToken.None);

        Assert.Equal(3, refresh.Forgiven);
        Assert.Equal(["a", "b", "c"], map.TrustedSilos);
    }

    private static async Task<(PartitionMap Map, MutableMembership Membership, ManualClock Clock)> ThreeSilosAsync()
    {
        var membership = new MutableMembership { Silos = ["a", "b", "c"] };
        var clock = new ManualClock();
        var map = await PartitionMap.CreateAsync("ds-map", 12, membership, Options, clock, CancellationToken.None);
        Assert.Equal(["a", "b", "c"], map.Owners.Distinct().Order());
        return (map, membership, clock);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
