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

    [Alias("Release")]
    Task ReleaseAsync(string datasetId, int[] partitions);

    [Alias("Describe"), Orleans.Concurrency.AlwaysInterleave]
    Task<SiloDescription> DescribeAsync();
}
