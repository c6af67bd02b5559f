using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// Plans a dataset on a silo rather than on the client: reads the CSV header and the bytes around each split
/// boundary, where the data lives. The client never needs to see the file, only the path every silo sees.
/// </summary>
[Alias("shardml.IDatasetPlannerGrain")]
public interface IDatasetPlannerGrain : IGrainWithIntegerKey
{
    /// <summary>Plans <paramref name="options"/> (MemoryPack-encoded <c>DatasetOptions</c>) into partitions.</summary>
    /// <remarks>Planning reads a few kilobytes per split; a call lost with its silo must fail in minutes, not in the cluster's 30.</remarks>
    [Alias("Plan"), ResponseTimeout("00:02:00"), Requires(AccessLevel.Train)]
    Task<PlanReply> PlanAsync(byte[] options, int partitionCount, CancellationToken cancellationToken);
}
