using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class SignedMaskingKeyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_key_signed_by_the_silo_certificate_verifies(bool rsa)
    {
        using var certificate = rsa ? TestCertificates.RsaSilo("silo-a") : TestCertificates.EcdsaSilo("silo-a");
        using var party = MaskingParty.Create("job", "silo-a", certificate);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);

        party.SignedKey.Verify(publicOnly);
    }

    [Fact]
    public void A_tampered_signature_key_job_or_silo_is_refused()
    {
        using var certificate = TestCertificates.EcdsaSilo("silo-a");
        using var party = MaskingParty.Create("job", "silo-a", certificate);
        using var other = MaskingKeyPair.Create();
        var signed = party.SignedKey;
        var badSignature = (byte[])signed.Signature.Clone();
        badSignature[5] ^= 1;

        Assert.Throws<CryptographicException>(() => (signed with { Signature = badSignature }).Verify(certificate));
        Assert.Throws<CryptographicException>(() => (signed with { PublicKey = other.PublicKey }).Verify(certificate));
        Assert.Throws<CryptographicException>(() => (signed with { JobId = "another-job" }).Verify(certificate));
        Assert.Throws<CryptographicException>(() => (signed with { SiloId = "silo-b" }).Verify(certificate));
    }

    [Fact]
    public void A_key_verified_against_another_silos_certificate_is_refused()
    {
        using var mine = TestCertificates.EcdsaSilo("silo-a");
        using var theirs = TestCertificates.EcdsaSilo("silo-b");
        using var rsa = TestCertificates.RsaSilo("silo-c");
        using var party = MaskingParty.Create("job", "silo-a", mine);

        var error = Assert.Throws<CryptographicException>(() => party.SignedKey.Verify(theirs));
        Assert.Contains("does not verify", error.Message);
        Assert.Throws<CryptographicException>(() => party.SignedKey.Verify(rsa));
    }

    [Fact]
    public void A_validly_signed_key_that_is_not_P256_is_refused()
    {
        using var certificate = TestCertificates.EcdsaSilo("silo-a");
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        foreach (var key in new[] { p384.ExportSubjectPublicKeyInfo(), rsa.ExportSubjectPublicKeyInfo() })
        {
            var signed = SignedMaskingKey.Sign("job", "silo-a", key, certificate);
            Assert.Throws<CryptographicException>(() => signed.Verify(certificate));
        }

        var p384Error = Assert.Throws<CryptographicException>(() => SignedMaskingKey.Sign("job", "silo-a", p384.ExportSubjectPublicKeyInfo(), certificate).Verify(certificate));
        Assert.Contains("not P-256", p384Error.Message);
    }

    [Fact]
    public void A_validly_signed_point_off_the_curve_is_refused()
    {
        using var certificate = TestCertificates.EcdsaSilo("silo-a");
        using var key = MaskingKeyPair.Create();
        var offCurve = (byte[])key.PublicKey.Clone();
        offCurve[^1] ^= 1; // the last byte of y: the point no longer satisfies the curve equation

        var signed = SignedMaskingKey.Sign("job", "silo-a", offCurve, certificate);

        Assert.Throws<CryptographicException>(() => signed.Verify(certificate));
    }

    [Fact]
    public void A_certificate_that_may_not_sign_is_refused()
    {
        using var certificate = TestCertificates.EnciphermentOnly("silo-a");
        using var key = MaskingKeyPair.Create();
        var signed = SignedMaskingKey.Sign("job", "silo-a", key.PublicKey, certificate);

        var error = Assert.Throws<CryptographicException>(() => signed.Verify(certificate));
        Assert.Contains("may not sign", error.Message);
    }

    [Fact]
    public void A_certificate_without_its_private_key_cannot_sign()
    {
        using var certificate = TestCertificates.EcdsaSilo("silo-a");
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);

        Assert.Throws<ArgumentException>(() => MaskingParty.Create("job", "silo-a", publicOnly));
    }

    [Fact]
    public void A_party_refuses_a_key_of_another_job_its_own_id_and_a_second_key_from_a_peer()
    {
        using var certificateA = TestCertificates.EcdsaSilo("silo-a");
        using var certificateB = TestCertificates.EcdsaSilo("silo-b");
        using var a = MaskingParty.Create("job", "silo-a", certificateA);
        using var b = MaskingParty.Create("job", "silo-b", certificateB);
        using var bAgain = MaskingParty.Create("job", "silo-b", certificateB);
        using var bElsewhere = MaskingParty.Create("other-job", "silo-b", certificateB);
        using var aImpostor = MaskingParty.Create("job", "silo-a", certificateB);

        a.AcceptPeer(b.SignedKey, certificateB);
        a.AcceptPeer(b.SignedKey, certificateB); // the same key twice is harmless

        Assert.Throws<CryptographicException>(() => a.AcceptPeer(bAgain.SignedKey, certificateB));
        Assert.Throws<CryptographicException>(() => a.AcceptPeer(bElsewhere.SignedKey, certificateB));
        Assert.Throws<CryptographicException>(() => a.AcceptPeer(aImpostor.SignedKey, certificateB));
        Assert.Equal(["silo-b"], a.Peers);
    }
}
