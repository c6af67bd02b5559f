using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>Holds one partition of a dataset in memory and runs any step sent to it. Key: <c>{datasetId}/{index}</c>.</summary>
[Alias("shardml.IPartitionGrain")]
public interface IPartitionGrain : IGrainWithStringKey
{
    /// <summary>Loads the partition from its source, if not loaded yet.</summary>
    [Alias("Load")]
    Task<PartitionLoaded> LoadAsync(PartitionTask task, CancellationToken cancellationToken);

    /// <summary>Runs the batch's step on this partition, reloading the partition from its source if this activation lost it.</summary>
    [Alias("Run")]
    Task<PartitionReply> RunAsync(StepBatch batch, PartitionTask task, CancellationToken cancellationToken);

    /// <summary>Drops the partition and lets the activation go.</summary>
    [Alias("Release")]
    Task ReleaseAsync();
}
