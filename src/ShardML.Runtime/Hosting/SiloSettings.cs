using System.Net;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>How one silo joins its cluster. Defaults in one place; <see cref="Validate"/> runs before the host is built.</summary>
public sealed record SiloSettings
{
    public const int DefaultSiloPort = 11111;

    public const int DefaultGatewayPort = 30000;

    /// <summary>Silos with the same cluster id (and membership store) form one cluster.</summary>
    public string ClusterId { get; init; } = ClusterConnection.DefaultClusterId;

    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The address other silos and clients use to reach this one; null lets Orleans pick this host's address.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>A readable name for status output and logs; null uses the host name and silo port.</summary>
    public string? Name { get; init; }

    /// <summary>The membership store; null runs a single silo on loopback (the embedded default).</summary>
    public MembershipStore? Membership { get; init; }

    /// <summary>Mutual TLS certificates; null means plaintext, allowed only on loopback or with an explicit opt-out.</summary>
    public ClusterCertificates? Certificates { get; init; }

    /// <summary>
    /// Where jobs and checkpoints are kept; null picks the default: files under the user's local data for the embedded
    /// silo, the membership store's Redis server or PostgreSQL database for a cluster.
    /// </summary>
    public StateStore? State { get; init; }

    /// <summary>The state store this silo uses.</summary>
    public StateStore ResolveState() => State ?? Membership switch
    {
        null or LocalMembership => StateStore.DefaultLocal(),
        RedisMembership redis => new RedisStateStore(redis),
        PostgresMembership postgres => new PostgresStateStore(postgres),
        _ => throw new ArgumentException($"no default state store for {Membership.Display}; pass --state"),
    };

    /// <summary>
    /// How often a cluster silo asks the job registry to revive jobs whose driver's silo died (the embedded silo never
    /// does). The delay before such a job resumes with no client watching is at most about this long.
    /// </summary>
    public TimeSpan ReviveOrphansEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Obey fault injection from drivers (a delayed partition, kill-silo); for tests and demos only.</summary>
    public bool EnableChaos { get; init; }

    /// <summary>The directories this silo may read data from (a cluster silo needs one, or <see cref="AllowAnyPath"/>).</summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary>Read any path the silo's user can: the embedded silo, or a cluster whose data is not confidential.</summary>
    public bool AllowAnyPath { get; init; }

    /// <summary>Who may do what (client certificate names and their permissions); null grants every client certificate train.</summary>
    public AccessPolicy? Access { get; init; }

    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            return "the cluster id must not be empty";
        }

        if (ReviveOrphansEvery <= TimeSpan.Zero)
        {
            return "the interval between revivals of orphaned jobs must be positive";
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535)
        {
            return "ports must be between 1 and 65535";
        }

        if (SiloPort == GatewayPort)
        {
            return "the silo port and the gateway port must differ";
        }

        if (Membership is not null && DataRoots.Count == 0 && !AllowAnyPath)
        {
            return "a cluster silo reads data only under its data roots: name at least one (`DataRoots`), or allow any path (`AllowAnyPath`)";
        }

        return Access is not null && Certificates is null
            ? "an access policy (`Access`) names clients by their certificates, so it needs TLS: give the silo its certificates"
            : null;
    }
}
