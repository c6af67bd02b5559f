using Microsoft.Extensions.Logging;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime;

/// <summary>
/// Runs one call per silo over a dataset's partitions and survives silos that fail or leave meanwhile: the
/// partitions of a failed silo are placed on the others and sent again, with backoff, until every partition has
/// answered or the retries run out. A partition failure (bad data, a failing step) is not a silo failure: running
/// it elsewhere would fail the same way, so it is raised at once.
/// </summary>
internal sealed partial class PassRunner(IGrainFactory grains, string datasetId, PartitionTask[] tasks, PartitionMap map, ClusterExecutorOptions options, ILogger logger)
{
    public PartitionMap Map => map;

    /// <summary>
    /// Calls every silo that owns partitions with its batch, and hands each reply to <paramref name="accept"/> (on
    /// this thread, one at a time). A silo whose call fails for any reason but a partition failure is suspected,
    /// its partitions are placed on the others and called again, until all replied or the retries run out.
    /// Returns the number of retries.
    /// </summary>
    public async Task<int> RunAsync<TReply>(
        Func<string, PartitionTask[], Task<TReply>> call, Action<string, TReply> accept, CancellationToken cancellationToken)
    {
        var pending = new SortedSet<int>(Enumerable.Range(0, tasks.Length));
        await Moved(await map.RefreshAsync(force: false, cancellationToken));
        var retries = 0;
        var delay = options.RetryDelay;
        Exception? lastFailure = null;
        while (true)
        {
            var batches = pending.GroupBy(map.OwnerOf, StringComparer.Ordinal)
                .Where(g => map.IsTrusted(g.Key))
                .Select(g => (Silo: g.Key, Tasks: g.Select(i => tasks[i]).ToArray()))
                .ToArray();
            var outcomes = await Task.WhenAll(batches.Select(async b =>
            {
                try
                {
                    return (b.Silo, b.Tasks, Reply: await call(b.Silo, b.Tasks), Error: (Exception?)null);
                }
                catch (Exception e) when (e is not PartitionFailedException && !cancellationToken.IsCancellationRequested)
                {
                    return (b.Silo, b.Tasks, Reply: default(TReply), Error: e);
                }
                catch (PartitionFailedException e)
                {
                    throw e.ToClientException();
                }
            }));

            foreach (var (silo, tasks, reply, error) in outcomes)
            {
                if (error is null)
                {
                    accept(silo, reply!);
                    pending.ExceptWith(tasks.Select(t => t.Index));
                }
                else
                {
                    lastFailure = error;
                    map.Suspect(silo);
                    LogSiloFailed(logger, silo, tasks.Length, error.GetType().Name, error.Message);
                }
            }

            if (pending.Count == 0)
            {
                return retries;
            }

            if (++retries > options.MaximumRetries)
            {
                throw new ClusterUnavailableException(
                    $"{pending.Count} partition(s) could not be run after {options.MaximumRetries} retries: no silo that holds or can load them answered",
                    lastFailure ?? new InvalidOperationException("no trusted silo"));
            }

            await Task.Delay(delay, cancellationToken);
            delay *= 2;
            await Moved(await map.RefreshAsync(force: true, cancellationToken));
        }
    }

    /// <summary>Lets the old silos of moved partitions drop them, when those silos are still there to ask.</summary>
    private async Task Moved(IReadOnlyList<(int Partition, string From)> moved)
    {
        if (moved.Count == 0)
        {
            return;
        }

        LogPlacedAgain(logger, moved.Count, datasetId);
        await Task.WhenAll(moved.Where(m => map.IsTrusted(m.From))
            .GroupBy(m => m.From, StringComparer.Ordinal)
            .Select(g => ReleaseAsync(g.Key, [.. g.Select(m => m.Partition)])));
    }

    public async Task ReleaseAsync(string silo, int[] partitions)
    {
        try
        {
            await grains.GetGrain<ISiloAggregatorGrain>(silo).ReleaseAsync(datasetId, partitions).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A silo that is gone has dropped its partitions with its memory; one that did not answer drops them on deactivation.
            LogReleaseFailed(logger, silo, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} failed while running {Partitions} partition(s) ({Kind}: {Reason}); placing them on the other silos")]
    private static partial void LogSiloFailed(ILogger logger, string silo, int partitions, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership changed: {Count} partition(s) of {Dataset} placed on other silos")]
    private static partial void LogPlacedAgain(ILogger logger, int count, string dataset);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not release partitions on silo {Silo}: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string silo, string reason);
}
