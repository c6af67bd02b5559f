using System.Security.Cryptography.X509Certificates;

namespace ShardML.Runtime.Security;

/// <summary>
/// What a silo proves who it is with and judges others by: its TLS certificate (with its private key) and the cluster's
/// CA — the same <see cref="ClusterCertificates"/> its connections use. It signs the silo's masking keys (secure
/// aggregation) and its caller token (<see cref="CallerToken"/>: how other nodes know a call or a listed silo is the
/// cluster's). A silo without them (<c>--insecure</c>) refuses secure aggregation, except the embedded silo, which is
/// alone and needs no peer.
/// </summary>
public sealed class SiloCredentials(ClusterCertificates? certificates, bool embedded)
{
    private readonly NodeToken? _token = certificates is null ? null : new NodeToken(certificates.Certificate, TimeProvider.System);

    /// <summary>A silo of a cluster without TLS.</summary>
    public static SiloCredentials None { get; } = new(null, embedded: false);

    /// <summary>The silo's own certificate, with its private key; null without TLS.</summary>
    public X509Certificate2? Certificate => certificates?.Certificate;

    /// <summary>The cluster's CA; null without TLS.</summary>
    public X509Certificate2? Authority => certificates?.Authority;

    /// <summary>This silo's current caller token; null without TLS.</summary>
    public byte[]? Token => _token?.Current;

    /// <summary>True for the single silo inside a client's process, which aggregates alone.</summary>
    public bool Embedded { get; } = embedded;

    /// <summary>Why <paramref name="silo"/> may not take part in secure aggregation, or null when it may.</summary>
    public string? Refusal(string silo) => certificates is null && !Embedded
        ? $"silo {silo} runs without TLS certificates (--insecure): secure aggregation needs the cluster's mutual TLS, whose certificates sign and authenticate the silos' masking keys; start the silos with --certs"
        : null;
}
