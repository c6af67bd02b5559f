using System.Collections.Concurrent;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.SecureAggregation;

/// <summary>
/// A silo's secure-aggregation sessions, one per dataset a driver aggregates securely: created at the session's first
/// call, ended when the dataset is released. A singleton, so masking keys outlive the aggregator grain's activation.
/// </summary>
internal sealed class SecureSessions(SiloCredentials credentials)
{
    private readonly ConcurrentDictionary<string, SiloSecureSession> _sessions = new(StringComparer.Ordinal);

    public SiloCredentials Credentials => credentials;

    public SiloSecureSession Get(string session) => _sessions.GetOrAdd(session, static (s, c) => new SiloSecureSession(s, c), credentials);

    /// <summary>Forgets a session: its keys, its cached sums.</summary>
    public void End(string session)
    {
        if (_sessions.TryRemove(session, out var ended))
        {
            ended.Dispose();
        }
    }

    public int Count => _sessions.Count;
}
