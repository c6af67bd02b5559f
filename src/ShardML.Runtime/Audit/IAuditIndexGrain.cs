using ShardML.Runtime.Security;

namespace ShardML.Runtime.Audit;

/// <summary>Which days the audit trail has (one grain, key 0), so a reader asks those and no others.</summary>
[Alias("shardml.IAuditIndexGrain")]
public interface IAuditIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add"), ResponseTimeout("00:01:00")]
    Task AddAsync(string day);

    [Alias("Days"), ResponseTimeout("00:01:00"), Requires(AccessLevel.Admin)]
    Task<string[]> DaysAsync();
}
