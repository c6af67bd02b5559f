namespace ShardML.Runtime.Audit;

/// <summary>The days (yyyy-MM-dd, UTC) that have audit entries.</summary>
[GenerateSerializer, Alias("shardml.audit-index")]
public sealed class AuditIndexState
{
    [Id(0)]
    public SortedSet<string> Days { get; set; } = new(StringComparer.Ordinal);
}
