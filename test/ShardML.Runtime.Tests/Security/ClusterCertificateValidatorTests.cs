using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Tests.Security;

/// <summary>Which certificates a node accepts where: any node of the cluster at a gateway, only silos elsewhere.</summary>
public sealed class ClusterCertificateValidatorTests : IDisposable
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    private readonly X509Certificate2 _authority = CertificateAuthority.CreateAuthority("test-ca", Year);
    private readonly X509Certificate2 _foreignAuthority = CertificateAuthority.CreateAuthority("other-ca", Year);

    [Fact]
    public void A_silo_certificate_is_accepted_as_a_silo_and_as_a_node()
    {
        using var silo = CertificateAuthority.Issue(_authority, "silo1", CertificateRole.Silo, ["127.0.0.1"], Year);
        var validator = new ClusterCertificateValidator(_authority);

        Assert.True(ClusterCertificateValidator.IsSilo(silo));
        Assert.True(validator.ValidateSilo(silo, null, SslPolicyErrors.None));
        Assert.True(validator.ValidateNode(silo, null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_client_certificate_may_reach_a_gateway_but_is_refused_where_a_silo_is_expected()
    {
        using var client = CertificateAuthority.Issue(_authority, "client", CertificateRole.Client, [], Year);
        var validator = new ClusterCertificateValidator(_authority);

        Assert.False(ClusterCertificateValidator.IsSilo(client));
        Assert.True(validator.ValidateNode(client, null, SslPolicyErrors.None));
        Assert.False(validator.ValidateSilo(client, null, SslPolicyErrors.None));
    }

    [Theory]
    [InlineData(CertificateRole.Silo)]
    [InlineData(CertificateRole.Client)]
    public void A_certificate_from_another_authority_is_refused_in_every_role(CertificateRole role)
    {
        using var foreign = CertificateAuthority.Issue(_foreignAuthority, "intruder", role, [], Year);
        var validator = new ClusterCertificateValidator(_authority);

        Assert.False(validator.ValidateNode(foreign, null, SslPolicyErrors.None));
        Assert.False(validator.ValidateSilo(foreign, null, SslPolicyErrors.None));
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        var validator = new ClusterCertificateValidator(_authority);

        Assert.False(validator.ValidateNode(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _foreignAuthority.Dispose();
    }
}
