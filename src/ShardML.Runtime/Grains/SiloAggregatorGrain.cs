using System.Diagnostics;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;
using ShardML.Runtime.SecureAggregation;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The silo's one aggregator. It runs a step on the silo's partitions — those in memory here one core per step, the
/// others once loaded from their sources (<see cref="SiloPartitions"/>) — merges the summaries into the largest whole
/// subtrees of the dataset's <see cref="MergeTree"/>, and returns one reply; the running and merging are
/// <see cref="SiloStepRunner"/>'s, which a driver in this silo's process calls without this grain. Running a share needs nothing but this
/// silo and the partitions' sources: no other grain, so no grain directory entry that may live on a frozen silo.
/// </summary>
[SiloTargetedPlacement]
internal sealed class SiloAggregatorGrain(
    WireTypeRegistry wire,
    DecodedSteps steps,
    SiloPartitions store,
    SiloStepRunner runner,
    LoadMeters meters,
    SecureSessions secure,
    Security.SiloCredentials credentials,
    ILocalSiloDetails silo,
    ChaosSwitch chaos,
    MemoryReclaimer reclaimer,
    Transfer.BulkEndpoint bulk)
    : Grain, ISiloAggregatorGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(30);
    private readonly StagedPayloads _staged = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(KeepAlive);
        return Task.CompletedTask;
    }

    /// <summary>Loads the partitions not here yet, one task each, off this activation's one-at-a-time scheduler.</summary>
    public Task<PartitionLoaded[]> LoadAsync(string datasetId, PartitionTask[] partitions, CancellationToken cancellationToken)
    {
        runner.RememberPath(datasetId, partitions);
        return Task.WhenAll(partitions.Select(p => Task.Run(() => store.Describe(store.Obtain(datasetId, p, cancellationToken, out _)), cancellationToken)));
    }

    public async Task<SiloReply> RunAsync(StepBatch batch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (batch.StagedStep is { } staged)
        {
            batch = batch with { StepBody = Claimed(staged).Take(staged), StagedStep = null };
        }

        if (batch.HandOffLocally)
        {
            return await runner.RunHereAsync(batch, cancellationToken);
        }

        runner.RememberPath(batch.DatasetId, batch.Partitions);
        var step = steps.Get(batch.StepType, batch.StepBody);
        var (held, reloaded) = await runner.RunPartitionsAsync(batch, step, cancellationToken);
        steps.Forget(batch.StepBody);
        Transfer.BulkBuffers.Shared.Return(batch.StepBody); // the step has run: an array the data plane received takes the next upload
        var subtrees = MergeTree.ReduceHeld(batch.PartitionCount, held)
            .Select(s =>
            {
                var encoded = wire.Encode(s.Summary);
                s.Summary.Release(); // serialized: the bytes travel on, the summary is dead
                if (!batch.Stages(encoded.Body.Length))
                {
                    return new SubtreePayload(s.Low, s.High, encoded.TypeName, encoded.Body, null, 0);
                }

                var transfer = _staged.Add(encoded.Body);
                var ticket = batch.UsesDataPlane(encoded.Body.Length) ? OpenDownload(transfer, encoded.Body) : null;
                return new SubtreePayload(s.Low, s.High, encoded.TypeName, [], transfer, encoded.Body.LongLength, ticket);
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
            batch = batch with { StepBody = Claimed(staged).Take(staged), StagedStep = null };
        }

        runner.RememberPath(batch.DatasetId, batch.Partitions);
        var reloaded = 0;
        var missing = session.Missing(pass.Pass, batch.Partitions);
        if (missing.Length > 0)
        {
            var step = batch.Step ?? steps.Get(batch.StepType, batch.StepBody);
            var (computed, count) = await runner.RunPartitionsAsync(batch with { Partitions = missing }, step, cancellationToken);
            reloaded = count;
            foreach (var (index, summary) in computed)
            {
                session.Keep(pass.Pass, index, summary, batch.StepType);
            }
        }

        var payload = session.Share(pass, batch.Partitions, self);
        var template = session.Template;
        var (templateType, templateBody) = batch.HandOffLocally || !pass.SendTemplate ? (WireTypeRegistry.NameOf(template.GetType()), Array.Empty<byte>()) : Encoded(template);
        var share = !batch.Stages(payload.Length)
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

    public Task ReleaseAsync(string datasetId, int[] partitions)
    {
        foreach (var i in partitions)
        {
            store.Release(datasetId, i);
        }

        if (!store.HoldsAny(datasetId))
        {
            runner.ForgetPath(datasetId);
            meters.Forget(datasetId);
            reclaimer.Request();
        }

        return Task.CompletedTask;
    }

    public Task<LoadAmount> LoadProgressAsync(string datasetId) => Task.FromResult(meters.Read(datasetId));

    /// <summary>
    /// Every partition of the dataset this silo holds, however it came to load it (a share, a speculative copy, a call
    /// that failed half way), and the dataset's secure session (its masking key and cached sums).
    /// </summary>
    public Task ReleaseDatasetAsync(string datasetId)
    {
        secure.End(datasetId);
        return ReleaseAsync(datasetId, [.. store.All.Where(h => string.Equals(h.Dataset, datasetId, StringComparison.Ordinal)).Select(h => h.Partition.Index)]);
    }

    public Task<byte[]?> IdentifyAsync() => Task.FromResult(credentials.Token);

    public Task<SiloMemory> MemoryAsync() => Task.FromResult(SiloMemory.Here(silo.SiloAddress.ToParsableString()));

    public Task<SiloDescription> DescribeAsync()
    {
        var held = store.All.ToArray();
        return Task.FromResult(new SiloDescription(
        silo.SiloAddress.ToParsableString(),
        silo.Name,
        Environment.ProcessorCount,
        Environment.WorkingSet,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        held.Length,
        held.Sum(h => h.Partition.MemoryBytes),
        [.. held.GroupBy(h => h.Dataset, StringComparer.Ordinal)
            .Select(g => new DatasetHolding(g.Key, runner.PathOf(g.Key), g.Count(), g.Sum(h => (long)h.Partition.RowCount), g.Sum(h => h.Partition.MemoryBytes)))
            .OrderBy(d => d.DatasetId, StringComparer.Ordinal)]));
    }

    public Task StageAsync(Guid transfer, long offset, long total, byte[] chunk, CancellationToken cancellationToken)
    {
        _staged.Write(transfer, offset, total, chunk);
        return Task.CompletedTask;
    }

    public Task<byte[]> FetchAsync(Guid transfer, long offset, int length, CancellationToken cancellationToken) => Task.FromResult(Claimed(transfer).Read(transfer, offset, length));

    public Task<BulkTicket?> OpenBulkAsync(Guid transfer, long length, bool upload, CancellationToken cancellationToken)
    {
        if (upload)
        {
            return Task.FromResult<BulkTicket?>(bulk.Open(transfer, length, download: null));
        }

        var payload = Claimed(transfer).Peek(transfer);
        return payload.LongLength == length
            ? Task.FromResult<BulkTicket?>(bulk.Open(transfer, length, payload))
            : throw new ArgumentOutOfRangeException(nameof(length), $"transfer {transfer} holds {payload.LongLength} bytes, not {length}");
    }

    /// <summary>
    /// A download of a staged summary opened for the reply that announces it, so the driver's fetch needs no call for a
    /// ticket; null if the data plane cannot listen, and the driver asks (and falls back) as for any staged payload.
    /// </summary>
    private BulkTicket? OpenDownload(Guid transfer, byte[] payload)
    {
        try
        {
            return bulk.Open(transfer, payload.LongLength, payload);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>The staged payloads, with any upload the data plane received for <paramref name="transfer"/> among them.</summary>
    private StagedPayloads Claimed(Guid transfer)
    {
        if (bulk.TryTakeReceived(transfer, out var received))
        {
            _staged.Add(transfer, received);
        }

        return _staged;
    }

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
        var discarded = _staged.Discard(transfer);
        bulk.Forget(transfer); // first, so that no new download of it can start
        if (discarded is not null)
        {
            Transfer.BulkBuffers.Shared.Return(discarded); // an upload no step took (fetched back, or given up on); any other array is ignored there
        }

        return Task.CompletedTask;
    }
}
