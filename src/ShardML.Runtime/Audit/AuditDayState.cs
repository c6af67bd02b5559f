namespace ShardML.Runtime.Audit;

/// <summary>The audit entries of one day (UTC), oldest first, as kept in the state store.</summary>
[GenerateSerializer, Alias("shardml.audit-day")]
public sealed class AuditDayState
{
    [Id(0)]
    public List<AuditEntry> Entries { get; set; } = [];
}
