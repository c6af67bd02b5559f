using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// One per silo (key: the silo's address): receives each step once, runs it on the silo's partitions, merges their
/// summaries into whole subtrees of the merge tree, and sends one reply, as Spark's treeAggregate does.
/// </summary>
[Alias("shardml.ISiloAggregatorGrain")]
public interface ISiloAggregatorGrain : IGrainWithStringKey
{
    [Alias("Load"), Requires(AccessLevel.Train)]
    Task<PartitionLoaded[]> LoadAsync(string datasetId, PartitionTask[] partitions, CancellationToken cancellationToken);

    [Alias("Run"), Requires(AccessLevel.Train)]
    Task<SiloReply> RunAsync(StepBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Under secure aggregation: runs the step on the silo's partitions (or reuses their sums from an earlier attempt at
    /// the same pass) and returns the silo's share, masked or encrypted, never the summaries themselves.
    /// </summary>
    [Alias("RunSecure"), Requires(AccessLevel.Train)]
    Task<SecureShare> RunSecureAsync(StepBatch batch, SecurePass pass, CancellationToken cancellationToken);

    /// <summary>This silo's masking key for a secure session, signed with its certificate: made at the first call, then the same.</summary>
    [Alias("JoinMasking"), Requires(AccessLevel.Train)]
    Task<MaskingAnnouncement> JoinMaskingAsync(string session, CancellationToken cancellationToken);

    [Alias("Release"), Requires(AccessLevel.Train)]
    Task ReleaseAsync(string datasetId, int[] partitions);

    /// <summary>Drops every partition of a dataset this silo holds: how a new driver clears what a dead one left behind.</summary>
    [Alias("ReleaseDataset"), Requires(AccessLevel.Train)]
    Task ReleaseDatasetAsync(string datasetId);

    /// <summary>What this silo's partitions of a dataset have read so far; interleaves with the load it measures.</summary>
    [Alias("LoadProgress"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task<LoadAmount> LoadProgressAsync(string datasetId);

    /// <summary>This silo's caller token (its certificate, signed): proof that a silo membership lists is one of the cluster's; null without TLS.</summary>
    [Alias("Identify"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task<byte[]?> IdentifyAsync();

    /// <summary>What memory this silo has for new partitions: asked before a dataset loads (memory admission).</summary>
    [Alias("Memory"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task<SiloMemory> MemoryAsync();

    [Alias("Describe"), Requires(AccessLevel.Read), Orleans.Concurrency.AlwaysInterleave]
    Task<SiloDescription> DescribeAsync();

    /// <summary>
    /// Receives one chunk of a payload too big for one message; <paramref name="total"/> is its full length.
    /// Interleaves with a running step, so a transfer never queues behind one.
    /// </summary>
    [Alias("Stage"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task StageAsync(Guid transfer, long offset, long total, byte[] chunk, CancellationToken cancellationToken);

    /// <summary>Returns <paramref name="length"/> bytes of a staged payload from <paramref name="offset"/>.</summary>
    [Alias("Fetch"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task<byte[]> FetchAsync(Guid transfer, long offset, int length, CancellationToken cancellationToken);

    /// <summary>
    /// A ticket to move a staged payload over this silo's data plane instead of chunks: to receive <paramref name="length"/>
    /// bytes for <paramref name="transfer"/> (then taken like chunks staged under it), or to send the payload staged under
    /// it. Null when this silo has no data plane.
    /// </summary>
    [Alias("OpenBulk"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task<BulkTicket?> OpenBulkAsync(Guid transfer, long length, bool upload, CancellationToken cancellationToken);

    /// <summary>Chaos: ends this silo's process at once, as a power cut would. Refused unless the silo enabled chaos.</summary>
    [Alias("Kill"), Requires(AccessLevel.Admin)]
    Task KillAsync();

    /// <summary>Forgets a staged payload.</summary>
    [Alias("Discard"), Requires(AccessLevel.Train), Orleans.Concurrency.AlwaysInterleave]
    Task DiscardAsync(Guid transfer);
}
