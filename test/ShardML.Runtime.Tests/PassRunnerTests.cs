using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime.Tests;

/// <summary>The pass runner on its own, with silos that are only names and calls that are only tasks.</summary>
public sealed class PassRunnerTests
{
    private static readonly string[] Silos = ["silo-a", "silo-b", "silo-c"];

    [Fact]
    public async Task A_data_error_reaches_the_caller_even_when_the_other_silos_answered_in_the_same_instant()
    {
        // Every call completes before the round looks at any of them, so the other shares' tokens are already freed
        // when the failing share cancels the round: that must not turn the data error into ObjectDisposedException.
        var map = await PartitionMap.CreateAsync("ds-test", 12, new FixedMembership(Silos), new ClusterExecutorOptions(), TimeProvider.System, CancellationToken.None);
        var failing = map.OwnerOf(0);
        Assert.True(map.Owners.Distinct().Count() > 1, "the partitions should spread over several silos");
        var tasks = Enumerable.Range(0, 12).Select(i => new PartitionTask(i, 0, [])).ToArray();
        var runner = new PassRunner(null!, "ds-test", tasks, map, new ClusterExecutorOptions(), NullLogger.Instance);
        var bad = new DataFormatException("bad.csv", 7, 2, "not a number");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => runner.RunAsync(
            (silo, share, _) => silo == failing ? Task.FromException<int>(new PartitionFailedException(share[0].Index, bad)) : Task.FromResult(share.Length),
            (_, _) => { },
            CancellationToken.None,
            speculate: false));

        Assert.Contains("bad.csv:7:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silos_that_fail_while_a_dead_silo_is_still_listed_are_tried_again_and_the_pass_finishes_long_before_their_suspicion_expires()
    {
        // What Orleans does after a SIGKILL: until membership declares the silo dead, a healthy silo that activates a
        // moved partition may have to reach the dead one, and fails with it. Membership here needs four reads to notice.
        var membership = new MutableMembership { Silos = Silos };
        var options = new ClusterExecutorOptions
        {
            SuspicionTimeout = TimeSpan.FromMinutes(10), RecoveryTimeout = TimeSpan.FromSeconds(20), RetryDelay = TimeSpan.FromMilliseconds(10), MembershipRefreshInterval = TimeSpan.Zero,
        };
        var map = await PartitionMap.CreateAsync("ds-test", 12, membership, options, TimeProvider.System, CancellationToken.None);
        var tasks = Enumerable.Range(0, 12).Select(i => new PartitionTask(i, 0, [])).ToArray();
        var runner = new PassRunner(null!, "ds-test", tasks, map, options, NullLogger.Instance);
        var reads = 0;
        membership.OnRead = () => membership.Silos = ++reads >= 4 ? ["silo-a", "silo-b"] : Silos;
        var accepted = new List<int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await runner.RunAsync(
            (silo, share, _) => silo == "silo-c" || membership.Silos.Contains("silo-c")
                ? Task.FromException<int[]>(new InvalidOperationException("Unable to connect to silo-c"))
                : Task.FromResult(share.Select(t => t.Index).ToArray()),
            (_, indices) => accepted.AddRange(indices),
            CancellationToken.None,
            speculate: false);

        Assert.Equal(Enumerable.Range(0, 12), accepted.Order());
        Assert.True(outcome.Retries >= 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the pass took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain("silo-c", map.Owners);
    }

    [Fact]
    public async Task A_job_that_needs_three_silos_stops_when_one_is_dead_even_though_the_others_are_trusted()
    {
        var options = new ClusterExecutorOptions { MinimumSilos = 3, RecoveryTimeout = TimeSpan.FromMilliseconds(500), RetryDelay = TimeSpan.FromMilliseconds(10), MembershipRefreshInterval = TimeSpan.Zero };
        var map = await PartitionMap.CreateAsync("ds-test", 12, new FixedMembership(Silos), options, TimeProvider.System, CancellationToken.None);
        var tasks = Enumerable.Range(0, 12).Select(i => new PartitionTask(i, 0, [])).ToArray();
        var runner = new PassRunner(null!, "ds-test", tasks, map, options, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => runner.RunAsync(
            (silo, share, _) => silo == "silo-c" ? Task.FromException<int>(new InvalidOperationException("Unable to connect to silo-c")) : Task.FromResult(share.Length),
            (_, _) => { },
            CancellationToken.None,
            speculate: false));

        Assert.Contains("only 2 silo(s) are left", error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedMembership(IReadOnlyList<string> silos) : IMembershipView
    {
        public Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken) => Task.FromResult(silos);
    }
}
