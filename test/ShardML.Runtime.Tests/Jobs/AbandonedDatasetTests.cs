using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime.Messaging;
using ShardML.Runtime.Jobs.Driving;

namespace ShardML.Runtime.Tests.Jobs;

/// <summary>
/// A new driver releases what an earlier one left loaded: cleanup that must never fail the job, even right after silos
/// died, when the membership read is itself rejected for a while (seen in a cluster test: the whole job failed there).
/// </summary>
public sealed class AbandonedDatasetTests
{
    private static readonly ClusterExecutorOptions Quick = new() { RetryDelay = TimeSpan.FromMilliseconds(5), RecoveryTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task A_membership_read_rejected_while_silos_die_is_retried_and_every_silo_released()
    {
        var reads = 0;
        var membership = new MutableMembership
        {
            Silos = ["silo-a", "silo-b"],
            OnRead = () =>
            {
                if (++reads <= 2)
                {
                    throw new ConnectionFailedException("Unable to connect to a dead silo");
                }
            },
        };
        var released = new ConcurrentBag<string>();

        await AbandonedDataset.ReleaseAsync("ds-1", membership, silo => { released.Add(silo); return Task.CompletedTask; }, Quick, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(3, reads);
        Assert.Equal(["silo-a", "silo-b"], released.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cluster_that_stays_unavailable_releases_nothing_and_does_not_fail()
    {
        var membership = new MutableMembership { Silos = ["silo-a"], OnRead = () => throw new ConnectionFailedException("no silo answers") };
        var released = 0;

        await AbandonedDataset.ReleaseAsync("ds-1", membership, _ => { released++; return Task.CompletedTask; }, Quick, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(0, released);
    }

    [Fact]
    public async Task A_silo_that_does_not_release_is_passed_over_and_the_others_are_released()
    {
        var membership = new MutableMembership { Silos = ["silo-a", "silo-b", "silo-c"] };
        var released = new ConcurrentBag<string>();

        await AbandonedDataset.ReleaseAsync(
            "ds-1",
            membership,
            silo => silo == "silo-b" ? Task.FromException(new TimeoutException("silo-b did not answer")) : Task.Run(() => released.Add(silo)),
            Quick,
            NullLogger.Instance,
            CancellationToken.None);

        Assert.Equal(["silo-a", "silo-c"], released.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_still_fails_the_job()
    {
        var membership = new MutableMembership { OnRead = () => throw new InvalidOperationException("a bug, not a dead silo") };

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AbandonedDataset.ReleaseAsync("ds-1", membership, _ => Task.CompletedTask, Quick, NullLogger.Instance, CancellationToken.None));
    }
}
