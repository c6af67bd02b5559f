using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>
/// One per silo (key: the silo's address): receives each step once, runs it on the silo's partitions, merges their
/// summaries into whole subtrees of the merge tree, and sends one reply, as Spark's treeAggregate does.
/// </summary>
[Alias("shardml.ISiloAggregatorGrain")]
public interface ISiloAggregatorGrain : IGrainWithStringKey
{
    [Alias("Load")]
    Task<PartitionLoaded[]> LoadAsync(string datasetId, PartitionTask[] partitions, CancellationToken cancellationToken);

    [Alias("Run")]
    Task<SiloReply> RunAsync(StepBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Under secure aggregation: runs the step on the silo's partitions (or reuses their sums from an earlier attempt at
    /// the same pass) and returns the silo's share, masked or encrypted, never the summaries themselves.
    /// </summary>
    [Alias("RunSecure")]
    Task<SecureShare> RunSecureAsync(StepBatch batch, SecurePass pass, CancellationToken cancellationToken);

    /// <summary>This silo's masking key for a secure session, signed with its certificate: made at the first call, then the same.</summary>
    [Alias("JoinMasking")]
    Task<MaskingAnnouncement> JoinMaskingAsync(string session, CancellationToken cancellationToken);

    [Alias("Release")]
    Task ReleaseAsync(string datasetId, int[] partitions);

    /// <summary>Drops every partition of a dataset this silo holds: how a new driver clears what a dead one left behind.</summary>
    [Alias("ReleaseDataset")]
    Task ReleaseDatasetAsync(string datasetId);

    [Alias("Describe"), Orleans.Concurrency.AlwaysInterleave]
    Task<SiloDescription> DescribeAsync();

    /// <summary>
    /// Receives one chunk of a payload too big for one message; <paramref name="total"/> is its full length.
    /// Interleaves with a running step, so a transfer never queues behind one.
    /// </summary>
    [Alias("Stage"), Orleans.Concurrency.AlwaysInterleave]
    Task StageAsync(Guid transfer, long offset, long total, byte[] chunk, CancellationToken cancellationToken);

    /// <summary>Returns <paramref name="length"/> bytes of a staged payload from <paramref name="offset"/>.</summary>
    [Alias("Fetch"), Orleans.Concurrency.AlwaysInterleave]
    Task<byte[]> FetchAsync(Guid transfer, long offset, int length, CancellationToken cancellationToken);

    /// <summary>Chaos: ends this silo's process at once, as a power cut would. Refused unless the silo enabled chaos.</summary>
    [Alias("Kill")]
    Task KillAsync();

    /// <summary>Forgets a staged payload.</summary>
    [Alias("Discard"), Orleans.Concurrency.AlwaysInterleave]
    Task DiscardAsync(Guid transfer);
}
