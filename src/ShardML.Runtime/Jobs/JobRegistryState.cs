namespace ShardML.Runtime.Jobs;

/// <summary>The ids of the jobs that are running, or whose driver was lost while they ran (the ones to revive), and of every job kept.</summary>
[GenerateSerializer, Alias("shardml.job-registry")]
public sealed class JobRegistryState
{
    [Id(0)]
    public HashSet<string> Running { get; set; } = []; // string equality is ordinal; no comparer to serialize

    /// <summary>Every job that has run and is not forgotten: what <c>shardml jobs list</c> shows and <c>jobs gc</c> reaches.</summary>
    [Id(1)]
    public HashSet<string> Kept { get; set; } = [];
}
