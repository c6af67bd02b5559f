using System.Diagnostics;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime;

/// <summary>
/// The driver's side of a dataset loaded on the cluster. Each step is encoded once and sent once per silo; each
/// silo answers with merged subtrees of the fixed merge tree, and the driver completes the tree. The result has
/// the same bits as <see cref="InMemoryExecutor"/> for any number of silos and any placement.
/// </summary>
public sealed class ClusterExecutor : IPartitionExecutor
{
    private readonly IGrainFactory _grains;
    private readonly WireTypeRegistry _wire;
    private readonly string _datasetId;
    private readonly PartitionTask[] _tasks;
    private readonly string[] _placement;
    private readonly Lock _statisticsLock = new();
    private ExecutionStatistics _statistics = new();

    private ClusterExecutor(IGrainFactory grains, WireTypeRegistry wire, string datasetId, PartitionTask[] tasks, string[] placement, LoadedDataset dataset)
    {
        _grains = grains;
        _wire = wire;
        _datasetId = datasetId;
        _tasks = tasks;
        _placement = placement;
        Dataset = dataset;
    }

    public LoadedDataset Dataset { get; }

    /// <summary>The dataset's id on the cluster.</summary>
    public string DatasetId => _datasetId;

    /// <summary>The silo of each partition, by partition index.</summary>
    public IReadOnlyList<string> Placement => _placement;

    /// <summary>Costs so far.</summary>
    public ExecutionStatistics Statistics
    {
        get
        {
            lock (_statisticsLock)
            {
                return _statistics;
            }
        }
    }

    internal static async Task<ClusterExecutor> LoadAsync(
        IGrainFactory grains, WireTypeRegistry wire, IReadOnlyList<string> silos, DatasetPlan plan, CancellationToken cancellationToken)
    {
        var datasetId = "ds-" + Guid.NewGuid().ToString("N");
        var count = plan.Partitions.Count;
        var placement = PartitionPlacement.Assign(datasetId, count, silos);
        var sources = plan.Partitions.Select(p => MemoryPackSerializer.Serialize(p)).ToArray();
        var loads = placement
            .Select((silo, index) => (silo, index))
            .GroupBy(x => x.silo, StringComparer.Ordinal)
            .Select(g => grains.GetGrain<ISiloAggregatorGrain>(g.Key)
                .LoadAsync(datasetId, g.Select(x => new PartitionTask(x.index, 0, sources[x.index])).ToArray(), cancellationToken));
        PartitionLoaded[][] loaded;
        try
        {
            loaded = await Task.WhenAll(loads);
        }
        catch (PartitionFailedException e)
        {
            throw e.ToClientException();
        }

        var results = loaded.SelectMany(l => l).Select(l => new PartitionLoadResult(l.Index, l.Rows, l.Columns, l.MemoryBytes)).ToArray();
        var dataset = LoadedDataset.FromPartitions(plan, results);
        var tasks = new PartitionTask[count];
        long first = 0;
        for (var i = 0; i < count; i++)
        {
            tasks[i] = new PartitionTask(i, first, sources[i]);
            first += dataset.RowCounts[i];
        }

        return new ClusterExecutor(grains, wire, datasetId, tasks, placement, dataset);
    }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        var clock = Stopwatch.StartNew();
        var encoded = _wire.Encode(step);
        var batches = _tasks
            .GroupBy(t => _placement[t.Index], StringComparer.Ordinal)
            .Select(g => (Silo: g.Key, Batch: new StepBatch(_datasetId, _tasks.Length, encoded.TypeName, encoded.Body, [.. g])))
            .ToArray();
        SiloReply[] replies;
        try
        {
            replies = await Task.WhenAll(batches.Select(b => _grains.GetGrain<ISiloAggregatorGrain>(b.Silo).RunAsync(b.Batch, cancellationToken)));
        }
        catch (PartitionFailedException e)
        {
            throw e.ToClientException();
        }

        var subtrees = replies.SelectMany(r => r.Subtrees)
            .Select(s => new SubtreeSummary(s.Low, s.High, _wire.Decode<ISummary>(new WirePayload(s.TypeName, s.Body))));
        var result = (TSummary)MergeTree.Complete(_tasks.Length, subtrees);
        Record(batches.Length * (long)encoded.Body.Length, replies, clock.Elapsed.TotalSeconds);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        var releases = _tasks
            .GroupBy(t => _placement[t.Index], StringComparer.Ordinal)
            .Select(g => _grains.GetGrain<ISiloAggregatorGrain>(g.Key).ReleaseAsync(_datasetId, g.Select(t => t.Index).ToArray()));
        try
        {
            await Task.WhenAll(releases);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansException or TimeoutException or ObjectDisposedException)
        {
            // A silo that is gone has already dropped its partitions.
        }
    }

    private void Record(long sent, SiloReply[] replies, double wallSeconds)
    {
        var received = replies.Sum(r => r.Subtrees.Sum(s => (long)s.Body.Length));
        lock (_statisticsLock)
        {
            _statistics = _statistics with
            {
                Passes = _statistics.Passes + 1,
                BytesSent = _statistics.BytesSent + sent,
                BytesReceived = _statistics.BytesReceived + received,
                WallSeconds = _statistics.WallSeconds + wallSeconds,
                ComputeSeconds = _statistics.ComputeSeconds + replies.Max(r => r.ComputeSeconds),
                ReloadedPartitions = _statistics.ReloadedPartitions + replies.Sum(r => r.ReloadedPartitions),
            };
        }
    }
}
