using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// A silo's masking public key for one job, signed with its certificate's private key: what silos exchange before the
/// first masked pass. The signature covers the job id, the silo id and the key, so a key cannot be replayed into
/// another job or passed off as another silo's, and a man in the middle cannot substitute his own (the agreement is
/// authenticated by the cluster's certificates).
/// </summary>
/// <remarks>
/// ECDSA certificate keys (what <c>CertificateAuthority</c> issues: P-256) sign with SHA-256 in IEEE P1363 form; RSA
/// keys with RSASSA-PSS and SHA-256. Whether the certificate chains to the cluster's authority and belongs to
/// <see cref="SiloId"/> is the caller's check, made as for TLS; <see cref="Verify"/> checks the signature and the key.
/// </remarks>
/// <param name="JobId">The job the key is for.</param>
/// <param name="SiloId">The silo that made it.</param>
/// <param name="PublicKey">DER SubjectPublicKeyInfo of a P-256 key (<see cref="MaskingKeyPair.PublicKey"/>).</param>
/// <param name="Signature">The silo certificate's signature over job, silo and key.</param>
public sealed record SignedMaskingKey(string JobId, string SiloId, byte[] PublicKey, byte[] Signature)
{
    private const string Label = "ShardML secure aggregation: masking key v1";

    /// <summary>Signs <paramref name="publicKey"/> with <paramref name="certificate"/>'s private key (ECDSA or RSA).</summary>
    public static SignedMaskingKey Sign(string jobId, string siloId, byte[] publicKey, X509Certificate2 certificate)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        var signed = Transcript.Of(Label, jobId, siloId, publicKey);
        byte[] signature;
        using (var ecdsa = certificate.GetECDsaPrivateKey())
        {
            if (ecdsa is not null)
            {
                signature = ecdsa.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                return new SignedMaskingKey(jobId, siloId, publicKey, signature);
            }
        }

        using var rsa = certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"certificate {certificate.Subject} has no ECDSA or RSA private key to sign a masking key with", nameof(certificate));
        signature = rsa.SignData(signed, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return new SignedMaskingKey(jobId, siloId, publicKey, signature);
    }

    /// <summary>
    /// Throws <see cref="CryptographicException"/> unless <see cref="Signature"/> verifies with
    /// <paramref name="certificate"/>'s public key, that certificate may sign, and <see cref="PublicKey"/> is a P-256 key.
    /// </summary>
    public void Verify(X509Certificate2 certificate)
    {
        var who = $"silo '{SiloId}''s masking key for job '{JobId}'";
        if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            throw new CryptographicException($"{who}: certificate {certificate.Subject} may not sign (no digital-signature key usage)");
        }

        var signed = Transcript.Of(Label, JobId, SiloId, PublicKey);
        if (!VerifySignature(certificate, signed))
        {
            throw new CryptographicException($"{who}: the signature does not verify with certificate {certificate.Subject}");
        }

        try
        {
            MaskingKeyPair.ImportPeerKey(PublicKey).Dispose();
        }
        catch (CryptographicException problem)
        {
            throw new CryptographicException($"{who}: {problem.Message}", problem);
        }
    }

    private bool VerifySignature(X509Certificate2 certificate, byte[] signed)
    {
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return ecdsa.VerifyData(signed, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }

        using var rsa = certificate.GetRSAPublicKey()
            ?? throw new CryptographicException($"certificate {certificate.Subject} has neither an ECDSA nor an RSA key");
        return rsa.VerifyData(signed, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }
}
