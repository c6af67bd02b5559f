using System.Security.Authentication;
using Orleans.Connections.Security;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Mutual TLS on every Orleans connection (silo to silo, client to gateway) through
/// Microsoft.Orleans.Connections.Security: each end presents its certificate and checks the other's with
/// <see cref="ClusterCertificateValidator"/>. TLS 1.2 or 1.3 only.
/// </summary>
internal static class TransportSecurity
{
    public static ClusterCertificateValidator Apply(ISiloBuilder silo, ClusterCertificates certificates)
    {
        var validator = new ClusterCertificateValidator(certificates.Authority);
        silo.UseTls(certificates.Certificate, options => Configure(options, validator));
        return validator;
    }

    public static ClusterCertificateValidator Apply(IClientBuilder client, ClusterCertificates certificates)
    {
        var validator = new ClusterCertificateValidator(certificates.Authority);
        client.UseTls(certificates.Certificate, options => Configure(options, validator));
        return validator;
    }

    private static void Configure(TlsOptions options, ClusterCertificateValidator validator)
    {
        options.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.CheckCertificateRevocation = false; // a cluster CA publishes no revocation list; rotate the CA instead
        options.RemoteCertificateValidation = validator.Validate;
    }
}
