using System.Security.Authentication;
using Orleans.Configuration;
using Orleans.Connections.Security;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Mutual TLS on every Orleans connection (silo to silo, client to gateway) through
/// Microsoft.Orleans.Connections.Security: each end presents its certificate and checks the other's with
/// <see cref="ClusterCertificateValidator"/>. TLS 1.2 or 1.3 only. Orleans' own <c>UseTls</c> checks every kind
/// of connection alike; here the silo port and a client's view of its gateway accept silo certificates only, and
/// only the gateway port accepts clients' too.
/// </summary>
internal static class TransportSecurity
{
    public static ClusterCertificateValidator Apply(ISiloBuilder silo, ClusterCertificates certificates)
    {
        var validator = new ClusterCertificateValidator(certificates.Authority);
        var fromSilos = Options(certificates, validator.ValidateSilo);
        var fromNodes = Options(certificates, validator.ValidateNode);
        silo.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(c => c.UseServerTls(fromSilos));
            connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(fromSilos));
            connections.ConfigureGatewayInboundConnection(c => c.UseServerTls(fromNodes));
        });
        return validator;
    }

    public static ClusterCertificateValidator Apply(IClientBuilder client, ClusterCertificates certificates)
    {
        var validator = new ClusterCertificateValidator(certificates.Authority);
        var toSilos = Options(certificates, validator.ValidateSilo);
        client.Configure<ClientConnectionOptions>(connections => connections.ConfigureConnection(c => c.UseClientTls(toSilos)));
        return validator;
    }

    private static TlsOptions Options(ClusterCertificates certificates, RemoteCertificateValidator validate) => new()
    {
        LocalCertificate = certificates.Certificate,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        CheckCertificateRevocation = false, // a cluster CA publishes no revocation list; rotate the CA instead
        RemoteCertificateValidation = validate,
    };
}
