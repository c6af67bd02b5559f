using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ShardML.Runtime.Security;

/// <summary>
/// Accepts a peer's certificate only when it chains to the cluster's CA (and is within its validity period);
/// the system's trust store plays no part, so a certificate from any other CA — a public one included — is refused.
/// Host names are not checked: silos are reached by IP address and the CA vouches for every node it signs.
/// Where the peer must be a silo — the other end of a silo-to-silo connection, and the gateway a client connects
/// to — its certificate must also carry the server-authentication usage that only silo certificates get
/// (<see cref="CertificateRole"/>). Every refusal is logged with the peer's subject and the reason.
/// </summary>
public sealed partial class ClusterCertificateValidator(X509Certificate2 authority)
{
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Sets the logger once the host exists (TLS options are built before it).</summary>
    public void AttachLogger(ILoggerFactory loggers) => _logger = loggers.CreateLogger("ShardML.Security");

    /// <summary>Accepts any node of the cluster: a silo or a client (a gateway's incoming connections).</summary>
    public bool ValidateNode(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => Validate(certificate, errors, requireSilo: false);

    /// <summary>Accepts only a silo of the cluster (silo-to-silo connections both ways, and the gateway seen by a client).</summary>
    public bool ValidateSilo(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => Validate(certificate, errors, requireSilo: true);

    /// <summary>True when <paramref name="certificate"/> lists the server-authentication usage, which silo certificates carry.</summary>
    public static bool IsSilo(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == CertificateAuthority.ServerAuthentication));

    private bool Validate(X509Certificate2? certificate, SslPolicyErrors errors, bool requireSilo)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            LogRefused(_logger, "(none)", "the peer presented no certificate");
            return false;
        }

        if (!ChainsTo(certificate, authority, out var problem))
        {
            LogRefused(_logger, certificate.Subject, problem);
            return false;
        }

        if (requireSilo && !IsSilo(certificate))
        {
            LogRefused(_logger, certificate.Subject, "it is not a silo's certificate (no server-authentication usage), so it may connect as a client only");
            return false;
        }

        return true;
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="authority"/> alone; otherwise why not.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!chain.Build(certificate))
        {
            problem = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            problem = problem.Length > 0 ? problem : "its chain does not lead to the cluster's CA";
            return false;
        }

        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
        {
            problem = $"issued by '{root.Subject}', not by the cluster's CA '{authority.Subject}'";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a TLS connection: certificate '{Subject}' is not accepted: {Reason}")]
    private static partial void LogRefused(ILogger logger, string subject, string reason);
}
