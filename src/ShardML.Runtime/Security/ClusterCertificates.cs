using System.Security.Cryptography.X509Certificates;

namespace ShardML.Runtime.Security;

/// <summary>
/// What a node needs for mutual TLS: the cluster's CA certificate (to judge peers) and its own certificate with its
/// private key (to be judged). Loaded from a directory holding <c>ca.crt</c>, <c>NAME.crt</c> and <c>NAME.key</c>,
/// the layout <c>shardml cert</c> writes.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    public const string AuthorityName = "ca";

    public ClusterCertificates(X509Certificate2 authority, X509Certificate2 certificate)
    {
        Authority = authority;
        Certificate = certificate;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>Loads <c>ca.crt</c> and the node's <c>NAME.crt</c> / <c>NAME.key</c> from <paramref name="directory"/>.</summary>
    public static ClusterCertificates Load(string directory, string name)
    {
        var authorityPath = Path.Combine(directory, AuthorityName + ".crt");
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        foreach (var path in new[] { authorityPath, certificatePath, keyPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: not found; create the cluster's certificates with 'shardml cert create-ca' and 'shardml cert issue'", path);
            }
        }

        var authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (!ClusterCertificateValidator.ChainsTo(certificate, authority, out var problem))
        {
            throw new InvalidOperationException($"{certificatePath}: not issued by the cluster's CA in {authorityPath} ({problem})");
        }

        return new ClusterCertificates(authority, certificate);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Certificate.Dispose();
    }
}
