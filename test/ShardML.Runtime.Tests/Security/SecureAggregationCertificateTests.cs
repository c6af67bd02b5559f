using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ShardML.Core.SecureAggregation;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Tests.Security;

/// <summary>The masking keys of secure aggregation, signed and verified with the certificates the cluster's CA issues.</summary>
public sealed class SecureAggregationCertificateTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly X509Certificate2 _authority = CertificateAuthority.CreateAuthority("test-ca", Day);

    [Fact]
    public void Silos_with_certificates_from_the_cluster_CA_agree_masks_that_cancel()
    {
        var certificates = Enumerable.Range(0, 3).Select(i => CertificateAuthority.Issue(_authority, $"silo{i}", CertificateRole.Silo, ["127.0.0.1"], Day)).ToArray();
        var parties = certificates.Select((c, i) => MaskingParty.Create("job", $"silo{i}", c)).ToArray();
        try
        {
            Assert.All(certificates, c => Assert.NotNull(c.GetECDsaPublicKey())); // what the CA issues: ECDSA P-256
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    if (i != j)
                    {
                        using var peerCertificate = X509CertificateLoader.LoadCertificate(certificates[j].RawData); // as received: no private key
                        Assert.True(ClusterCertificateValidator.ChainsTo(peerCertificate, _authority, out _));
                        parties[i].AcceptPeer(parties[j].SignedKey, peerCertificate);
                    }
                }
            }

            var vectors = Enumerable.Range(0, 3).Select(i => new ulong[] { (ulong)i, 7, ulong.MaxValue - (ulong)i }).ToArray();
            var expected = ModularVector.Sum(vectors);
            for (var i = 0; i < 3; i++)
            {
                parties[i].Mask(vectors[i], pass: 0, attempt: 0, ["silo0", "silo1", "silo2"]);
            }

            Assert.Equal(expected, ModularVector.Sum(vectors));
        }
        finally
        {
            foreach (var party in parties)
            {
                party.Dispose();
            }

            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    [Fact]
    public void A_key_signed_with_one_nodes_certificate_does_not_verify_with_another_nodes()
    {
        using var silo = CertificateAuthority.Issue(_authority, "silo0", CertificateRole.Silo, [], Day);
        using var client = CertificateAuthority.Issue(_authority, "client", CertificateRole.Client, [], Day);
        using var party = MaskingParty.Create("job", "silo0", client);

        Assert.Throws<CryptographicException>(() => party.SignedKey.Verify(silo));
    }

    public void Dispose() => _authority.Dispose();
}
