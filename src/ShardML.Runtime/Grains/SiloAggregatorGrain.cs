using System.Diagnostics;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;
using ShardML.Runtime.SecureAggregation;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The silo's one aggregator. It runs a step on the silo's partitions — those in memory here itself, one core per
/// step, the others through their partition grains, which load them — merges the summaries into the largest whole
/// subtrees of the dataset's <see cref="MergeTree"/>, and returns one reply.
/// Partition grains are keyed by dataset, index and this silo, so a partition that moves gets a fresh grain on
/// its new silo instead of being routed back to an activation elsewhere.
/// </summary>
[SiloTargetedPlacement]
internal sealed class SiloAggregatorGrain(
    WireTypeRegistry wire,
    DecodedSteps steps,
    HeldPartitions partitions,
    LoadMeters meters,
    SecureSessions secure,
    Security.DataRoots roots,
    Security.SiloCredentials credentials,
    ILocalSiloDetails silo,
    ChaosSwitch chaos,
    MemoryReclaimer reclaimer,
    ILogger<SiloAggregatorGrain> logger)
    : Grain, ISiloAggregatorGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(30);
    private readonly Dictionary<(string Dataset, int Index), PartitionLoaded> _held = [];
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<(string Dataset, int Index)> _touched = [];
    private readonly StagedPayloads _staged = new();
    private readonly Dictionary<(string Dataset, int Index), (IPartitionGrain Grain, string Key)> _references = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(KeepAlive);
        return Task.CompletedTask;
    }

    public async Task<PartitionLoaded[]> LoadAsync(string datasetId, PartitionTask[] partitions, CancellationToken cancellationToken)
    {
        Touch(datasetId, partitions);
        var loaded = await Task.WhenAll(partitions.Select(p => Reference(datasetId, p.Index).Grain.LoadAsync(p, cancellationToken)));
        Remember(datasetId, partitions, loaded);
        return loaded;
    }

    public async Task<SiloReply> RunAsync(StepBatch batch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (batch.StagedStep is { } staged)
        {
            batch = batch with { StepBody = _staged.Take(staged), StagedStep = null };
        }

        Touch(batch.DatasetId, batch.Partitions);
        var callerIsLocal = batch.HandOffLocally;
        var step = batch.Step ?? steps.Get(batch.StepType, batch.StepBody);
        batch = batch with { HandOffLocally = true, Step = step }; // our partition grains are on this silo
        var (held, reloaded) = await RunPartitionsAsync(batch, step, cancellationToken);
        var subtrees = MergeTree.ReduceHeld(batch.PartitionCount, held)
            .Select(s =>
            {
                if (callerIsLocal)
                {
                    return new SubtreePayload(s.Low, s.High, string.Empty, [], null, 0) { Summary = s.Summary };
                }

                var encoded = wire.Encode(s.Summary);
                s.Summary.Release(); // serialized: the bytes travel on, the summary is dead
                return encoded.Body.Length <= batch.MaximumMessageBytes
                    ? new SubtreePayload(s.Low, s.High, encoded.TypeName, encoded.Body, null, 0)
                    : new SubtreePayload(s.Low, s.High, encoded.TypeName, [], _staged.Add(encoded.Body), encoded.Body.LongLength);
            })
            .ToArray();
        return new SiloReply(subtrees, clock.Elapsed.TotalSeconds, reloaded);
    }

    public async Task<SecureShare> RunSecureAsync(StepBatch batch, SecurePass pass, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var self = silo.SiloAddress.ToParsableString();
        var session = secure.Get(pass.Session);
        session.Admit(pass, self);
        if (batch.StagedStep is { } staged)
        {
            batch = batch with { StepBody = _staged.Take(staged), StagedStep = null };
        }

        Touch(batch.DatasetId, batch.Partitions);
        var reloaded = 0;
        var missing = session.Missing(pass.Pass, batch.Partitions);
        if (missing.Length > 0)
        {
            var step = batch.Step ?? steps.Get(batch.StepType, batch.StepBody);
            var (computed, count) = await RunPartitionsAsync(batch with { HandOffLocally = true, Step = step, Partitions = missing }, step, cancellationToken);
            reloaded = count;
            foreach (var (index, summary) in computed)
            {
                session.Keep(pass.Pass, index, summary, batch.StepType);
            }
        }

        var payload = session.Share(pass, batch.Partitions, self);
        var template = session.Template;
        var (templateType, templateBody) = batch.HandOffLocally || !pass.SendTemplate ? (WireTypeRegistry.NameOf(template.GetType()), Array.Empty<byte>()) : Encoded(template);
        var share = payload.Length <= batch.MaximumMessageBytes
            ? new SecureShare(payload, null, 0, templateType, templateBody, session.SumLength, clock.Elapsed.TotalSeconds, reloaded)
            : new SecureShare([], _staged.Add(payload), payload.LongLength, templateType, templateBody, session.SumLength, clock.Elapsed.TotalSeconds, reloaded);
        return batch.HandOffLocally ? share with { TemplateSummary = template } : share;
    }

    public Task<MaskingAnnouncement> JoinMaskingAsync(string session, CancellationToken cancellationToken) =>
        Task.FromResult(secure.Get(session).Announce(silo.SiloAddress.ToParsableString()));

    private (string Type, byte[] Body) Encoded(ISummary summary)
    {
        var encoded = wire.Encode(summary);
        return (encoded.TypeName, encoded.Body);
    }

    /// <summary>
    /// Runs the step on the batch's partitions. Those this silo holds run here, at most one per core at a time, as
    /// <c>InMemoryExecutor</c> runs them: a grain turn each would let Orleans start them all at once and time-slice
    /// the cores, and every step would take longer. The others — not loaded here yet, or delayed by chaos — go
    /// through their partition grains, which load them from their sources first; they are started first, so their
    /// loads overlap the held partitions' steps.
    /// </summary>
    private async Task<(Dictionary<int, ISummary> Summaries, int Reloaded)> RunPartitionsAsync(StepBatch batch, IPartitionStep step, CancellationToken cancellationToken)
    {
        var held = new List<(PartitionTask Task, Partition Partition)>(batch.Partitions.Length);
        var viaGrains = new List<PartitionTask>();
        foreach (var task in batch.Partitions)
        {
            if (task.ChaosDelay == TimeSpan.Zero && partitions.Find(Reference(batch.DatasetId, task.Index).Key) is { } partition)
            {
                held.Add((task, partition));
            }
            else
            {
                viaGrains.Add(task);
            }
        }

        var calls = Task.WhenAll(viaGrains.Select(t => Reference(batch.DatasetId, t.Index).Grain.RunAsync(batch, t, cancellationToken)));
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
        await Task.WhenAll(local, calls); // both awaited: neither's failure is left unobserved

        var replies = await calls;
        var summaries = new Dictionary<int, ISummary>(batch.Partitions.Length);
        for (var i = 0; i < held.Count; i++)
        {
            summaries[held[i].Task.Index] = computed[i];
        }

        for (var i = 0; i < replies.Length; i++)
        {
            summaries[viaGrains[i].Index] = replies[i].Summary ?? wire.Decode<ISummary>(new WirePayload(replies[i].TypeName, replies[i].Body));
            if (replies[i].Loaded is { } loaded)
            {
                Remember(batch.DatasetId, [viaGrains[i]], [loaded]);
            }
        }

        return (summaries, replies.Count(r => r.Loaded is not null));
    }

    public async Task ReleaseAsync(string datasetId, int[] partitions)
    {
        await Task.WhenAll(partitions.Select(i => Reference(datasetId, i).Grain.ReleaseAsync()));
        foreach (var i in partitions)
        {
            _held.Remove((datasetId, i));
            _touched.Remove((datasetId, i));
            _references.Remove((datasetId, i));
        }

        if (!_held.Keys.Any(k => k.Dataset == datasetId))
        {
            _paths.Remove(datasetId);
            meters.Forget(datasetId);
            reclaimer.Request();
        }
    }

    public Task<LoadAmount> LoadProgressAsync(string datasetId) => Task.FromResult(meters.Read(datasetId));

    /// <summary>
    /// Every partition of the dataset this silo was asked to load or run, whether or not that call succeeded, and the
    /// dataset's secure session (its masking key and cached sums).
    /// </summary>
    public Task ReleaseDatasetAsync(string datasetId)
    {
        secure.End(datasetId);
        return ReleaseAsync(datasetId, [.. _touched.Where(k => k.Dataset == datasetId).Select(k => k.Index)]);
    }

    public Task<byte[]?> IdentifyAsync() => Task.FromResult(credentials.Token);

    public Task<SiloMemory> MemoryAsync() => Task.FromResult(SiloMemory.Here(silo.SiloAddress.ToParsableString()));

    public Task<SiloDescription> DescribeAsync() => Task.FromResult(new SiloDescription(
        silo.SiloAddress.ToParsableString(),
        silo.Name,
        Environment.ProcessorCount,
        Environment.WorkingSet,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        _held.Count,
        _held.Values.Sum(h => h.MemoryBytes),
        [.. _held.GroupBy(h => h.Key.Dataset, StringComparer.Ordinal)
            .Select(g => new DatasetHolding(g.Key, _paths.GetValueOrDefault(g.Key, "?"), g.Count(), g.Sum(h => (long)h.Value.Rows), g.Sum(h => h.Value.MemoryBytes)))
            .OrderBy(d => d.DatasetId, StringComparer.Ordinal)]));

    public Task StageAsync(Guid transfer, long offset, long total, byte[] chunk, CancellationToken cancellationToken)
    {
        _staged.Write(transfer, offset, total, chunk);
        return Task.CompletedTask;
    }

    public Task<byte[]> FetchAsync(Guid transfer, long offset, int length, CancellationToken cancellationToken) => Task.FromResult(_staged.Read(transfer, offset, length));

    public Task KillAsync()
    {
        if (!chaos.Enabled)
        {
            throw ChaosSwitch.Refusal("kill-silo");
        }

        // Reply first, then die without any shutdown: the driver must learn of the death from the cluster, not from us.
        _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        });
        return Task.CompletedTask;
    }

    public Task DiscardAsync(Guid transfer)
    {
        _staged.Discard(transfer);
        return Task.CompletedTask;
    }

    /// <summary>Notes partitions this silo may have loaded, before the calls that load them, so a release finds them even if a call failed.</summary>
    private void Touch(string datasetId, PartitionTask[] partitions)
    {
        foreach (var p in partitions)
        {
            _touched.Add((datasetId, p.Index));
        }
    }

    private void Remember(string datasetId, PartitionTask[] tasks, PartitionLoaded[] loaded)
    {
        for (var i = 0; i < loaded.Length; i++)
        {
            _held[(datasetId, loaded[i].Index)] = loaded[i];
        }

        if (!_paths.ContainsKey(datasetId) && tasks.Length > 0)
        {
            _paths[datasetId] = MemoryPackSerializer.Deserialize<PartitionSource>(tasks[0].Source)?.Path ?? "?";
        }
    }

    /// <summary>
    /// The partition's grain reference and key, made once per (dataset, partition): building one formats the key and
    /// resolves the grain type, and every pass needs one per partition. A grain turn is single-threaded, so a plain
    /// dictionary.
    /// </summary>
    private (IPartitionGrain Grain, string Key) Reference(string datasetId, int index)
    {
        if (!_references.TryGetValue((datasetId, index), out var reference))
        {
            var key = PartitionGrainKey.Of(datasetId, index, silo.SiloAddress);
            reference = (GrainFactory.GetGrain<IPartitionGrain>(key), key);
            _references[(datasetId, index)] = reference;
        }

        return reference;
    }
}
