namespace ShardML.Runtime.Security;

/// <summary>
/// What a client may do, each level including the ones below it (docs/SECURITY.md): <see cref="Read"/> the cluster's
/// status and jobs, <see cref="Train"/> — submit jobs and stop, resume or read its own —, or <see cref="Admin"/> —
/// anyone's jobs, the audit trail and fault injection. <see cref="Silo"/> is for calls between silos, which no client
/// grant reaches.
/// </summary>
public enum AccessLevel
{
    None = 0,
    Read = 1,
    Train = 2,
    Admin = 3,
    Silo = 4,
}
