using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Tests.SecureAggregation;

/// <summary>
/// Silos in this process that each hold a certificate of one test CA, as TLS silos do, so they can sign masking keys;
/// chaos is enabled. Without certificates they are the silos of a cluster run with <c>--insecure</c>.
/// </summary>
public sealed class SecureTestCluster : IAsyncDisposable
{
    private readonly X509Certificate2 _authority = CertificateAuthority.CreateAuthority("secure-test-ca", TimeSpan.FromDays(1));
    private readonly ConcurrentBag<ClusterCertificates> _issued = [];

    private SecureTestCluster()
    {
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ShardCluster Shard { get; private set; } = null!;

    public static async Task<SecureTestCluster> StartAsync(int silos, bool certificates = true)
    {
        var secure = new SecureTestCluster();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((options, silo) => silo.AddShardML(
            AlgorithmCatalog.WireTypes, enableChaos: true, credentials: certificates ? new SiloCredentials(secure.Issue(options.SiloName), embedded: false) : SiloCredentials.None));
        secure.Cluster = builder.Build();
        await secure.Cluster.DeployAsync();
        secure.Shard = ShardCluster.FromGrainFactory(secure.Cluster.Client, AlgorithmCatalog.WireTypes);
        return secure;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        foreach (var certificates in _issued)
        {
            certificates.Dispose();
        }

        _authority.Dispose();
    }

    private ClusterCertificates Issue(string name)
    {
        var issued = new ClusterCertificates(
            X509CertificateLoader.LoadCertificate(_authority.RawData),
            CertificateAuthority.Issue(_authority, name, CertificateRole.Silo, ["127.0.0.1"], TimeSpan.FromDays(1)));
        _issued.Add(issued);
        return issued;
    }
}
