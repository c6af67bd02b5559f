using System.Diagnostics;
using ShardML.Core.Execution;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The silo's one aggregator. It fans a step out to the silo's partition grains (local calls, no copies), merges
/// the summaries into the largest whole subtrees of the dataset's <see cref="MergeTree"/>, and returns one reply.
/// </summary>
[SiloTargetedPlacement]
internal sealed class SiloAggregatorGrain(WireTypeRegistry wire, ILocalSiloDetails silo) : Grain, ISiloAggregatorGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(30);
    private readonly Dictionary<(string Dataset, int Index), long> _held = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(KeepAlive);
        return Task.CompletedTask;
    }

    public async Task<PartitionLoaded[]> LoadAsync(string datasetId, PartitionTask[] partitions, CancellationToken cancellationToken)
    {
        var loads = partitions.Select(p => Partition(datasetId, p.Index).LoadAsync(p, cancellationToken));
        var loaded = await Task.WhenAll(loads);
        foreach (var l in loaded)
        {
            _held[(datasetId, l.Index)] = l.MemoryBytes;
        }

        return loaded;
    }

    public async Task<SiloReply> RunAsync(StepBatch batch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var replies = await Task.WhenAll(batch.Partitions.Select(p => Partition(batch.DatasetId, p.Index).RunAsync(batch, p, cancellationToken)));
        var held = new Dictionary<int, ISummary>(replies.Length);
        for (var i = 0; i < replies.Length; i++)
        {
            held[batch.Partitions[i].Index] = wire.Decode<ISummary>(new WirePayload(replies[i].TypeName, replies[i].Body));
        }

        var subtrees = MergeTree.ReduceHeld(batch.PartitionCount, held)
            .Select(s =>
            {
                var encoded = wire.Encode(s.Summary);
                return new SubtreePayload(s.Low, s.High, encoded.TypeName, encoded.Body);
            })
            .ToArray();
        return new SiloReply(subtrees, clock.Elapsed.TotalSeconds, replies.Count(r => r.Reloaded));
    }

    public async Task ReleaseAsync(string datasetId, int[] partitions)
    {
        await Task.WhenAll(partitions.Select(i => Partition(datasetId, i).ReleaseAsync()));
        foreach (var i in partitions)
        {
            _held.Remove((datasetId, i));
        }
    }

    public Task<SiloDescription> DescribeAsync() => Task.FromResult(new SiloDescription(
        silo.SiloAddress.ToParsableString(),
        Environment.ProcessorCount,
        Environment.WorkingSet,
        _held.Count,
        _held.Values.Sum()));

    private IPartitionGrain Partition(string datasetId, int index) =>
        GrainFactory.GetGrain<IPartitionGrain>($"{datasetId}/{index}");
}
