using MemoryPack;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// A partition in memory. Activated by its silo's aggregator and placed on that silo (prefer-local placement), so
/// the data is read where it will be used. Kept alive while its dataset is in use; if the activation is lost, or
/// the partition is placed here after another silo left, the next step loads it from the source it carries.
/// </summary>
[PreferLocalPlacement]
internal sealed partial class PartitionGrain(
    WireTypeRegistry wire, DecodedSteps steps, HeldPartitions held, LoadMeters meters, ILocalSiloDetails silo, ChaosSwitch chaos, DataRoots roots, ILogger<PartitionGrain> logger)
    : Grain, IPartitionGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(30);
    private Partition? _partition;

    public Task<PartitionLoaded> LoadAsync(PartitionTask task, CancellationToken cancellationToken) =>
        Task.FromResult(Describe(EnsureLoaded(task, cancellationToken, out _)));

    public async Task<PartitionReply> RunAsync(StepBatch batch, PartitionTask task, CancellationToken cancellationToken)
    {
        if (task.ChaosDelay > TimeSpan.Zero)
        {
            if (!chaos.Enabled)
            {
                throw new PartitionFailedException(task.Index, ChaosSwitch.Refusal("a delayed partition"));
            }

            await Task.Delay(task.ChaosDelay, cancellationToken);
        }

        var partition = EnsureLoaded(task, cancellationToken, out var reloaded);
        var summary = StepExecution.Run(batch.Step ?? steps.Get(batch.StepType, batch.StepBody), partition, task, batch.StepType, roots, logger, cancellationToken);
        var loaded = reloaded ? Describe(partition) : null;
        if (batch.HandOffLocally)
        {
            return new PartitionReply(string.Empty, [], loaded) { Summary = summary };
        }

        var encoded = wire.Encode(summary);
        summary.Release(); // serialized: the bytes travel on, the summary is dead
        return new PartitionReply(encoded.TypeName, encoded.Body, loaded);
    }

    public Task ReleaseAsync()
    {
        Forget();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Forget();
        return Task.CompletedTask;
    }

    private void Forget()
    {
        if (_partition is { } partition)
        {
            held.Remove(this.GetPrimaryKeyString(), partition);
            _partition = null;
        }
    }

    private Partition EnsureLoaded(PartitionTask task, CancellationToken cancellationToken, out bool reloaded)
    {
        reloaded = false;
        if (_partition is { } loaded)
        {
            return loaded;
        }

        try
        {
            var source = MemoryPackSerializer.Deserialize<PartitionSource>(task.Source)
                ?? throw new InvalidOperationException("empty partition source");
            foreach (var path in DataRoots.PathsOf(source))
            {
                roots.Require(path);
            }

            _partition = PartitionLoader.Load(source, meters.For(LoadMeters.DatasetOf(this.GetPrimaryKeyString())), cancellationToken);
            held.Add(this.GetPrimaryKeyString(), _partition);
            DelayDeactivation(KeepAlive);
            reloaded = true;
            LogLoaded(logger, task.Index, _partition.RowCount, _partition.MemoryBytes);
            return _partition;
        }
        catch (IOException e)
        {
            // The node's problem, not the data's (a missing mount, a stale copy): another silo may load it.
            throw new PartitionUnavailableException($"partition {task.Index} on silo {silo.SiloAddress}: {(roots.Restricted ? DataRoots.Redact(e.Message) : e.Message)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = new PartitionFailedException(task.Index, e);
            throw roots.Restricted ? failed.Redacted() : failed;
        }
    }

    private PartitionLoaded Describe(Partition partition) => new(
        partition.Index,
        partition.RowCount,
        partition.Sparse?.Columns ?? partition.Dense!.Columns,
        partition.MemoryBytes,
        silo.SiloAddress.ToParsableString(),
        partition.DroppedRows);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partition {Index} loaded: {Rows} rows, {Bytes} bytes")]
    private static partial void LogLoaded(ILogger logger, int index, int rows, long bytes);
}
