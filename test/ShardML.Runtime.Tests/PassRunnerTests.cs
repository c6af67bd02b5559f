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

    private sealed class FixedMembership(IReadOnlyList<string> silos) : IMembershipView
    {
        public Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken) => Task.FromResult(silos);
    }
}
