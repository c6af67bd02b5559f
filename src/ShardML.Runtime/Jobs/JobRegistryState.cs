namespace ShardML.Runtime.Jobs;

/// <summary>The ids of the jobs that are running, or whose driver was lost while they ran: the ones to revive.</summary>
[GenerateSerializer, Alias("shardml.job-registry")]
public sealed class JobRegistryState
{
    [Id(0)]
    public HashSet<string> Running { get; set; } = []; // string equality is ordinal; no comparer to serialize
}
