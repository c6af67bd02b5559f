using System.Diagnostics;
using MemoryPack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;
using ShardML.Runtime.SecureAggregation;

namespace ShardML.Runtime;

/// <summary>
/// The driver's side of a dataset loaded on the cluster. Each step is encoded once and sent once per silo; each
/// silo answers with merged subtrees of the fixed merge tree, and the driver completes the tree, so the result has
/// the same bits as <see cref="InMemoryExecutor"/> for any number of silos and any placement. When a silo fails or
/// leaves during a pass, only its partitions are placed again (on the silos left) and sent again (<see cref="PassRunner"/>);
/// their new silos load them from their sources, and because a step is a pure function of itself and the
/// partition, the pass still gives the same bits. Under secure aggregation (<see cref="ClusterExecutorOptions.SecureAggregation"/>)
/// a pass of sums goes through <see cref="SecurePassRunner"/> instead: one masked or encrypted share per silo, all or
/// nothing, and the driver learns the total only.
/// </summary>
public sealed partial class ClusterExecutor : IPartitionExecutor
{
    private readonly IGrainFactory _grains;
    private readonly WireTypeRegistry _wire;
    private readonly PartitionTask[] _tasks;
    private readonly PassRunner _runner;
    private readonly ClusterExecutorOptions _options;
    private string[] _firstOwners = [];
    /// <summary>
    /// By partition, the silo holding its state from earlier passes (see <see cref="IReplayableStep"/>): where it was
    /// loaded, or where a stateful step last ran on it; null once a stateless pass moved it (a speculative copy of an
    /// evaluation, a share placed again), since its new silo loaded the rows alone.
    /// </summary>
    private string?[] _served = [];

    /// <summary>
    /// The (partition, silo) pairs sent the current pass so far. A stateful step takes a partition's state out while it
    /// runs and puts it back, a round on, when it completes (CoCoA+'s duals): an attempt that failed or was cancelled
    /// half way leaves the partition on that silo without its state, or a round ahead. So a silo asked again in the same
    /// pass — a retry after it failed and was trusted again — gets the replay too, though it served the previous pass.
    /// Without it the retry restarted those duals from zero, and the model had other bits.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Partition, string Silo), bool> _sentThisPass = new();
    private int _passes;
    private IMembershipView? _membership;
    private string? _localSilo;

    /// <summary>The step runner of the silo in this process, called without a grain call (<see cref="SiloStepRunner"/>); null for a client.</summary>
    private SiloStepRunner? _here;
    private readonly Lock _statisticsLock = new();
    private ExecutionStatistics _statistics = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ISiloAggregatorGrain> _aggregators = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private SecurePassRunner? _secure;

    private ClusterExecutor(
        IGrainFactory grains, WireTypeRegistry wire, string datasetId, PartitionTask[] tasks, PassRunner runner, LoadedDataset dataset, ClusterExecutorOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _grains = grains;
        _wire = wire;
        DatasetId = datasetId;
        _tasks = tasks;
        _runner = runner;
        Dataset = dataset;
    }

    public LoadedDataset Dataset { get; }

    /// <summary>Only totals under secure aggregation; everything, merged in the clear, otherwise.</summary>
    public AggregationPrivacy Privacy => _options.SecureAggregation == SecureAggregationMode.None ? AggregationPrivacy.Clear : AggregationPrivacy.TotalsOnly;

    /// <summary>The dataset's id on the cluster.</summary>
    public string DatasetId { get; }

    /// <summary>The silo of each partition, by partition index, as of the last pass.</summary>
    public IReadOnlyList<string> Placement => _runner.Map.Owners;

    /// <summary>Costs so far, pass by pass.</summary>
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

    /// <summary>How often a load in progress is measured on the silos.</summary>
    private static readonly TimeSpan LoadProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Places and loads <paramref name="plan"/>'s partitions, reporting to <paramref name="progress"/> what the silos have
    /// read as they read it (every half second, and once when done).
    /// </summary>
    internal static async Task<ClusterExecutor> LoadAsync(
        IGrainFactory grains,
        WireTypeRegistry wire,
        IMembershipView membership,
        DatasetPlan plan,
        ClusterExecutorOptions options,
        string? localSilo,
        SiloStepRunner? here,
        ILogger? logger,
        IProgress<LoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var datasetId = "ds-" + Guid.NewGuid().ToString("N");
        var count = plan.Partitions.Count;
        logger ??= NullLogger.Instance;
        var admitting = logger;
        var map = await PartitionMap.CreateAsync(
            datasetId,
            count,
            membership,
            options,
            TimeProvider.System,
            cancellationToken,
            options.MemoryCheck ? (silos, owners, ct) => MemoryAdmission.AdmitAsync(grains, datasetId, plan, silos, owners, admitting, ct) : null);
        var tasks = plan.Partitions.Select((p, i) => new PartitionTask(i, 0, MemoryPackSerializer.Serialize(p))).ToArray();
        var runner = new PassRunner(grains, datasetId, tasks, map, options, logger);
        var results = new PartitionLoadResult[count];
        using var measuring = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var measured = progress is null ? Task.CompletedTask : MeasureLoadAsync(grains, map, datasetId, plan.Bytes, progress, measuring.Token);
        try
        {
            await runner.RunAsync(
                (silo, batch, ct) => grains.GetGrain<ISiloAggregatorGrain>(silo).LoadAsync(datasetId, batch, ct),
                (_, loaded) =>
                {
                    foreach (var l in loaded)
                    {
                        results[l.Index] = new PartitionLoadResult(l.Index, l.Rows, l.Columns, l.MemoryBytes, l.DroppedRows);
                    }
                },
                cancellationToken,
                speculate: false);
        }
        catch
        {
            // Whatever did load (on any silo, by any attempt) must not stay in memory for a dataset nobody will use.
            await ReleaseEverywhereAsync(grains, membership, datasetId);
            throw;
        }
        finally
        {
            await measuring.CancelAsync();
            await measured;
        }

        progress?.Report(new LoadProgress(plan.Bytes, plan.Bytes, results.Sum(r => r.Rows + r.DroppedRows)));

        var dataset = LoadedDataset.FromPartitions(plan, results);
        long first = 0;
        for (var i = 0; i < count; i++)
        {
            tasks[i] = tasks[i] with { FirstRow = first }; // the runner reads the same array, so later passes carry it
            first += dataset.RowCounts[i];
        }

        return new ClusterExecutor(grains, wire, datasetId, tasks, runner, dataset, options, logger) { _firstOwners = [.. map.Owners], _served = [.. map.Owners], _membership = membership, _localSilo = localSilo, _here = localSilo is null ? null : here };
    }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        var clock = Stopwatch.StartNew();
        _passes++;
        var typeName = WireTypeRegistry.NameOf(step.GetType());
        if (!_wire.IsRegistered(step.GetType()))
        {
            // A programming error, not a failing silo: retrying it for the recovery timeout would only delay the message.
            throw new InvalidOperationException($"{typeName} is not registered for the wire: add it to its algorithm's descriptor");
        }

        var encoded = new Lazy<WirePayload>(() => _wire.Encode(step)); // only silos in other processes need the bytes
        _sentThisPass.Clear();
        if (Privacy == AggregationPrivacy.TotalsOnly && TotalsOnlyPasses.Require(step) == TotalsOnlyKind.Sum)
        {
            return (TSummary)await RunSecureAsync(step, typeName, encoded, cancellationToken);
        }

        if (Privacy == AggregationPrivacy.TotalsOnly)
        {
            LogDisclosed(_logger, step.GetType().Name);
        }

        var subtrees = new List<SubtreeSummary>();
        long sent = 0, received = 0;
        double compute = 0;
        int reloaded = 0, silos = 0;
        var before = _runner.Map.Owners.ToArray();
        var outcome = await _runner.RunAsync(
            async (silo, batch, ct) =>
            {
                var aggregator = Aggregator(silo);
                var (message, bytes) = await StepMessageAsync(silo, batch, step, typeName, encoded, ct);
                Interlocked.Add(ref sent, bytes);
                var reply = _here is not null && string.Equals(silo, _localSilo, StringComparison.Ordinal)
                    ? await _here.RunHereAsync(message, ct)
                    : await aggregator.RunAsync(message, ct);
                var subtrees = await Task.WhenAll(reply.Subtrees.Select(s => ChunkedTransfer.DownloadAsync(aggregator, s, _options, ct)));
                return reply with { Subtrees = subtrees };
            },
            (_, reply) =>
            {
                silos++;
                compute = Math.Max(compute, reply.ComputeSeconds);
                reloaded += reply.ReloadedPartitions;
                foreach (var s in reply.Subtrees)
                {
                    received += s.Body.Length;
                    if (s.Summary is { } summary)
                    {
                        subtrees.Add(new SubtreeSummary(s.Low, s.High, summary));
                        continue;
                    }

                    subtrees.Add(new SubtreeSummary(s.Low, s.High, _wire.Decode<ISummary>(new WirePayload(s.TypeName, s.Body))));
                    Transfer.BulkBuffers.Shared.Return(s.Body); // decoded, so unread from here on: the next download of its length lands in warm memory
                }
            },
            cancellationToken);

        Served(before, step);
        var result = (TSummary)MergeTree.Complete(_tasks.Length, subtrees);
        var name = typeName[(typeName.LastIndexOf('.') + 1)..];
        lock (_statisticsLock)
        {
            _statistics = _statistics.Add(new PassStatistics(name, silos, sent, received, clock.Elapsed.TotalSeconds, compute, reloaded, outcome.Retries, outcome.Speculations, outcome.RecoverySeconds));
        }

        return result;
    }

    /// <summary>Asks the silos the partitions are placed on what they have read, until cancelled; a silo that does not answer counts as nothing yet.</summary>
    private static async Task MeasureLoadAsync(IGrainFactory grains, PartitionMap map, string datasetId, long total, IProgress<LoadProgress> progress, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LoadProgressInterval, cancellationToken);
                var amounts = await Task.WhenAll(map.Owners.Distinct(StringComparer.Ordinal).Select(async silo =>
                {
                    try
                    {
                        return await grains.GetGrain<ISiloAggregatorGrain>(silo).LoadProgressAsync(datasetId).WaitAsync(LoadProgressInterval * 4, cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return new LoadAmount(0, 0);
                    }
                }));
                progress.Report(new LoadProgress(Math.Min(total, amounts.Sum(a => a.Bytes)), total, amounts.Sum(a => a.Rows)));
            }
        }
        catch (OperationCanceledException)
        {
            // The load ended (or was cancelled): its last report is the caller's.
        }
    }

    /// <summary>
    /// The batch of <paramref name="step"/> for <paramref name="silo"/>: by reference to the silo of this process (whose
    /// aggregator reads the step itself), encoded for the others — uploaded in chunks when too big for one message.
    /// Returns the step bytes sent. A silo that did not run the previous pass of some of the partitions (a speculative
    /// copy, a share placed again), or was already sent them this pass (<see cref="_sentThisPass"/>), gets a stateful
    /// step's replay for them instead (<see cref="IReplayableStep"/>).
    /// </summary>
    private async Task<(StepBatch Batch, long Sent)> StepMessageAsync(
        string silo, PartitionTask[] batch, IPartitionStep step, string typeName, Lazy<WirePayload> encoded, CancellationToken cancellationToken)
    {
        var chunk = _options.MaximumMessageBytes;
        if (step is IReplayableStep replayable)
        {
            int[] newcomers = [.. batch.Where(t => t.Index >= _served.Length || !string.Equals(_served[t.Index], silo, StringComparison.Ordinal) || _sentThisPass.ContainsKey((t.Index, silo))).Select(t => t.Index)];
            if (newcomers.Length > 0)
            {
                var replaying = replayable.ForNewHolder(newcomers);
                step = replaying;
                encoded = new Lazy<WirePayload>(() => _wire.Encode(replaying));
                LogReplaying(_logger, newcomers.Length, silo);
            }
        }

        foreach (var t in batch)
        {
            _sentThisPass[(t.Index, silo)] = true;
        }

        batch = WithChaos(silo, batch);
        StepBatch message;
        long sent = 0;
        if (string.Equals(silo, _localSilo, StringComparison.Ordinal))
        {
            message = new StepBatch(DatasetId, _tasks.Length, typeName, [], batch, null, chunk);
        }
        else
        {
            var body = encoded.Value.Body;
            sent = body.Length;
            var bulk = _options.BulkTransferBytes;
            message = new StepBatch(DatasetId, _tasks.Length, typeName, body, batch, null, chunk, bulk);
            if (message.Stages(body.Length))
            {
                message = message with { StepBody = [], StagedStep = await ChunkedTransfer.UploadAsync(Aggregator(silo), body, _options, cancellationToken) };
            }
        }

        return (message with { HandOffLocally = true, Step = step }, sent); // read only if the silo is in this process
    }

    /// <summary>A pass of sums under secure aggregation: one share per silo, the total decoded here.</summary>
    private async Task<ISummary> RunSecureAsync(IPartitionStep step, string typeName, Lazy<WirePayload> encoded, CancellationToken cancellationToken)
    {
        _secure ??= new SecurePassRunner(_options.SecureAggregation, DatasetId, _tasks, _runner, _options, Aggregator, _wire, _logger);
        var before = _runner.Map.Owners.ToArray();
        var (total, statistics) = await _secure.RunAsync(typeName, (silo, batch, ct) => StepMessageAsync(silo, batch, step, typeName, encoded, ct), cancellationToken);
        Served(before, step);
        lock (_statisticsLock)
        {
            _statistics = _statistics.Add(statistics);
        }

        return total;
    }

    /// <summary>After a pass: a partition that moved holds its state on its new silo only if the step rebuilt it there.</summary>
    private void Served(string[] before, IPartitionStep step)
    {
        var owners = _runner.Map.Owners;
        for (var p = 0; p < owners.Count && p < before.Length && p < _served.Length; p++)
        {
            if (!string.Equals(owners[p], before[p], StringComparison.Ordinal))
            {
                _served[p] = step is IReplayableStep ? owners[p] : null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Partitions} partition(s) run on {Silo}, which did not run their previous pass: sending their state's replay")]
    private static partial void LogReplaying(ILogger logger, int partitions, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {Step} runs in the clear under secure aggregation: its algorithm declared its summary disclosed (docs/SECURITY.md)")]
    private static partial void LogDisclosed(ILogger logger, string step);

    /// <summary>
    /// The silo's aggregator reference, made once per silo: building one parses the key and resolves the grain type,
    /// which after a pass that streamed the partitions through the caches runs cold, at a cost seen per pass.
    /// </summary>
    private ISiloAggregatorGrain Aggregator(string silo) =>
        _aggregators.GetOrAdd(silo, static (s, grains) => grains.GetGrain<ISiloAggregatorGrain>(s), _grains);

    /// <summary>Slows the chaos partition on the silo that held it first: a straggling node, not a slow partition.</summary>
    private PartitionTask[] WithChaos(string silo, PartitionTask[] batch)
    {
        var chaos = _options.Chaos;
        if (chaos.IsNone || _passes <= chaos.FromPass || chaos.DelayedPartition >= _firstOwners.Length || !string.Equals(_firstOwners[chaos.DelayedPartition], silo, StringComparison.Ordinal))
        {
            return batch;
        }

        return [.. batch.Select(t => t.Index == chaos.DelayedPartition ? t with { ChaosDelay = chaos.Delay } : t)];
    }

    /// <summary>Releases the dataset on every active silo: its owners, and any that held a copy for a while (a speculative one, or before a move).</summary>
    public async ValueTask DisposeAsync() => await ReleaseEverywhereAsync(_grains, _membership!, DatasetId);

    /// <summary>
    /// Asks every active silo to drop what it holds of <paramref name="datasetId"/>; best effort, bounded in time. The
    /// asks are waited for at most <see cref="ReleaseWait"/>: a frozen silo answers nothing, and the job must not end
    /// late for it — the ask stays on its way and is obeyed when the silo thaws (a dead one dropped the data anyway).
    /// </summary>
    internal static async Task ReleaseEverywhereAsync(IGrainFactory grains, IMembershipView membership, string datasetId)
    {
        IReadOnlyList<string> silos;
        try
        {
            silos = await membership.ActiveSilosAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // no membership, no silos to ask; a silo's partitions go with it
        }

        var asks = DatasetRelease.AskEachAsync(silos, silo => grains.GetGrain<ISiloAggregatorGrain>(silo).ReleaseDatasetAsync(datasetId).WaitAsync(TimeSpan.FromSeconds(10)));
        await Task.WhenAny(asks, Task.Delay(ReleaseWait));
    }

    /// <summary>How long the end of a job waits for silos to confirm they dropped its dataset; a healthy one takes milliseconds.</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(2);
}
