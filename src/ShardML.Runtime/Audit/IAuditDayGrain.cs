using ShardML.Runtime.Security;

namespace ShardML.Runtime.Audit;

/// <summary>One day of the audit trail (key: yyyy-MM-dd, UTC), in the cluster's state store: appended to by silos, read by admins.</summary>
[Alias("shardml.IAuditDayGrain")]
public interface IAuditDayGrain : IGrainWithStringKey
{
    [Alias("Append"), ResponseTimeout("00:01:00")]
    Task AppendAsync(AuditEntry entry);

    [Alias("Read"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Admin)]
    Task<AuditEntry[]> ReadAsync();
}
