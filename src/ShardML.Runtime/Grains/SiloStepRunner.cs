using System.Collections.Concurrent;
using System.Diagnostics;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>
/// Runs steps on the silo's partitions and merges their summaries into whole subtrees: the work of the silo's
/// aggregator, apart from the grain so that a driver in the silo's own process (the embedded silo's client, a job's
/// driver on its silo) calls it directly. Through the grain each pass paid an Orleans call and its reply — two trips
/// through the activation's queue and the thread pool, a third of the runtime's coordination per pass — for a call
/// that moves nothing, since a driver in this process hands the step and the summaries over by reference anyway.
/// </summary>
internal sealed class SiloStepRunner(SiloPartitions store, DecodedSteps steps, Security.DataRoots roots, ChaosSwitch chaos, ILogger<SiloStepRunner> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// The reply of this silo to a driver in its own process: <paramref name="batch"/>'s step (its <see cref="StepBatch.Step"/>,
    /// or decoded) run on its partitions, the merged subtrees as objects, nothing encoded.
    /// </summary>
    public async Task<SiloReply> RunHereAsync(StepBatch batch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        RememberPath(batch.DatasetId, batch.Partitions);
        var step = batch.Step ?? steps.Get(batch.StepType, batch.StepBody);
        var (held, reloaded) = await RunPartitionsAsync(batch, step, cancellationToken);
        var merged = MergeTree.ReduceHeld(batch.PartitionCount, held);
        var subtrees = new SubtreePayload[merged.Count];
        for (var i = 0; i < subtrees.Length; i++)
        {
            subtrees[i] = new SubtreePayload(merged[i].Low, merged[i].High, string.Empty, [], null, 0) { Summary = merged[i].Summary };
        }

        return new SiloReply(subtrees, clock.Elapsed.TotalSeconds, reloaded);
    }

    /// <summary>
    /// Runs the step on the batch's partitions. Those this silo holds run at most one per core at a time, as
    /// <c>InMemoryExecutor</c> runs them: a task each would start them all at once and time-slice the cores, and every
    /// step would take longer. The others — not loaded here yet, or delayed by chaos — get a task each that loads the
    /// partition from its source and then runs the step; they are started first, so their loads overlap the held
    /// partitions' steps. Returns the summaries by partition index and how many partitions were loaded.
    /// </summary>
    public async Task<(Dictionary<int, ISummary> Summaries, int Reloaded)> RunPartitionsAsync(StepBatch batch, IPartitionStep step, CancellationToken cancellationToken)
    {
        // One step at a time on this silo, as when every step came through the aggregator's one-at-a-time activation:
        // two at once would only time-slice the cores and hold two steps' working memory.
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunHeldAndAbsentAsync(batch, step, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<(Dictionary<int, ISummary> Summaries, int Reloaded)> RunHeldAndAbsentAsync(StepBatch batch, IPartitionStep step, CancellationToken cancellationToken)
    {
        var held = new List<(PartitionTask Task, Partition Partition)>(batch.Partitions.Length);
        var absent = new List<PartitionTask>();
        foreach (var task in batch.Partitions)
        {
            if (task.ChaosDelay == TimeSpan.Zero && store.Find(batch.DatasetId, task.Index) is { } partition)
            {
                held.Add((task, partition));
            }
            else
            {
                absent.Add(task);
            }
        }

        var loading = Task.WhenAll(absent.Select(t => Task.Run(() => LoadAndRunAsync(batch, step, t, cancellationToken), cancellationToken)));
        var computed = new ISummary[held.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
            TaskScheduler = TaskScheduler.Default, // not the activation's: it runs one thing at a time
        };
        var local = Parallel.ForEachAsync(Enumerable.Range(0, held.Count), options, (i, token) =>
        {
            computed[i] = StepExecution.Run(step, held[i].Partition, held[i].Task, batch.StepType, roots, logger, token);
            return ValueTask.CompletedTask;
        });
        await Task.WhenAll(local, loading); // both awaited: neither's failure is left unobserved

        var others = await loading;
        var summaries = new Dictionary<int, ISummary>(batch.Partitions.Length);
        for (var i = 0; i < held.Count; i++)
        {
            summaries[held[i].Task.Index] = computed[i];
        }

        for (var i = 0; i < others.Length; i++)
        {
            summaries[absent[i].Index] = others[i].Summary;
        }

        return (summaries, others.Count(o => o.Loaded));
    }

    /// <summary>One partition not in memory here (or delayed by chaos): waits out the delay, loads it if needed, runs the step.</summary>
    private async Task<(ISummary Summary, bool Loaded)> LoadAndRunAsync(StepBatch batch, IPartitionStep step, PartitionTask task, CancellationToken cancellationToken)
    {
        if (task.ChaosDelay > TimeSpan.Zero)
        {
            if (!chaos.Enabled)
            {
                throw new PartitionFailedException(task.Index, ChaosSwitch.Refusal("a delayed partition"));
            }

            await Task.Delay(task.ChaosDelay, cancellationToken);
        }

        var partition = store.Obtain(batch.DatasetId, task, cancellationToken, out var loaded);
        return (StepExecution.Run(step, partition, task, batch.StepType, roots, logger, cancellationToken), loaded);
    }

    /// <summary>Remembers the dataset's file, for descriptions of what this silo holds.</summary>
    public void RememberPath(string datasetId, PartitionTask[] tasks)
    {
        if (tasks.Length > 0 && !_paths.ContainsKey(datasetId))
        {
            _paths[datasetId] = MemoryPackSerializer.Deserialize<PartitionSource>(tasks[0].Source)?.Path ?? "?";
        }
    }

    public string PathOf(string datasetId) => _paths.GetValueOrDefault(datasetId, "?");

    public void ForgetPath(string datasetId) => _paths.TryRemove(datasetId, out _);

    public void Dispose() => _oneAtATime.Dispose();
}
