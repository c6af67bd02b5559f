using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>How a client reaches a running cluster: its membership store, its id, and the client's certificates.</summary>
public sealed record ClusterConnection
{
    public const string DefaultClusterId = "shardml";

    /// <summary>Identifies the service across cluster restarts; fixed, so stored state outlives a cluster id.</summary>
    public const string ServiceId = "shardml";

    public required MembershipStore Membership { get; init; }

    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>Mutual TLS certificates; null connects in plaintext (the silos must be insecure too).</summary>
    public ClusterCertificates? Certificates { get; init; }

    /// <summary>How long to keep trying the cluster's gateways before giving up (a refused certificate is retried too, so keep it short).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
