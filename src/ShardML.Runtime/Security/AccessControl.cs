using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ShardML.Runtime.Security;

/// <summary>
/// A silo's access control: whether it is enforced (only with the cluster's certificates, which identities need), the
/// policy, and the verification of callers' tokens, each verified once and then looked up until it expires.
/// </summary>
public sealed class AccessControl
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<string, CallerIdentity> _verified = new(StringComparer.Ordinal);
    private readonly X509Certificate2? _authority;
    private readonly TimeProvider _time;

    public AccessControl(X509Certificate2? authority, AccessPolicy policy, TimeProvider? time = null)
    {
        _authority = authority;
        Policy = policy;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>No enforcement: a silo without TLS, or the embedded silo.</summary>
    public static AccessControl Open { get; } = new(null, AccessPolicy.Default);

    public bool Enforced => _authority is not null;

    public AccessPolicy Policy { get; }

    /// <summary>The caller a token names, or null (and why) when it does not verify.</summary>
    public CallerIdentity? Verify(byte[] token, out string problem)
    {
        var now = _time.GetUtcNow();
        var key = Convert.ToBase64String(SHA256.HashData(token));
        if (_verified.TryGetValue(key, out var known) && known.Expires >= now)
        {
            problem = string.Empty;
            return known;
        }

        if (_authority is null)
        {
            problem = "access control is off";
            return null;
        }

        var identity = CallerToken.Verify(token, _authority, now, out problem);
        if (identity is not null)
        {
            if (_verified.Count >= CacheLimit)
            {
                _verified.Clear(); // each entry is one node's token for an hour: the cache only grows past this by churn
            }

            _verified[key] = identity;
        }

        return identity;
    }
}
