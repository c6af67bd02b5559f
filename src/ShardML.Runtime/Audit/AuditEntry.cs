namespace ShardML.Runtime.Audit;

/// <summary>One line of the audit trail: who did (or was refused) what, to which job, on which data, when.</summary>
/// <param name="TimeUtc">When.</param>
/// <param name="Identity">The client's certificate name; "(none)" where access control is off (no TLS).</param>
/// <param name="Action">submit, stop, resume, forget, or refused.</param>
/// <param name="JobId">The job acted on.</param>
/// <param name="DataPath">The job's data, when known.</param>
/// <param name="Algorithm">The job's algorithm, when known.</param>
/// <param name="Detail">For a refusal, what was refused and why.</param>
[GenerateSerializer, Immutable, Alias("shardml.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTime TimeUtc,
    [property: Id(1)] string Identity,
    [property: Id(2)] string Action,
    [property: Id(3)] string JobId,
    [property: Id(4)] string? DataPath,
    [property: Id(5)] string? Algorithm,
    [property: Id(6)] string? Detail);
