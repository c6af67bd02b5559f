using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ShardML.Core.Tests.SecureAggregation;

/// <summary>
/// Silo certificates as <c>ShardML.Runtime.Security.CertificateAuthority</c> issues them (an ECDSA P-256 CA signing
/// ECDSA P-256 node keys with digital-signature and key-agreement usages), and RSA ones for a cluster whose PKI issues
/// RSA. Core's tests cannot reference the runtime; <c>SecureAggregationCertificateTests</c> there uses the real CA.
/// </summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> Authority = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    });

    public static X509Certificate2 EcdsaSilo(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return Issue(request, key, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, (c, k) => c.CopyWithPrivateKey((ECDsa)k));
    }

    public static X509Certificate2 RsaSilo(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Issue(request, key, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, (c, k) => c.CopyWithPrivateKey((RSA)k));
    }

    /// <summary>
    /// A certificate whose key may only encipher keys, not sign (RSA: .NET hands out an ECDSA key only from a
    /// certificate that may sign, but an RSA key whatever its usages, so only an RSA key can be misused this way).
    /// </summary>
    public static X509Certificate2 EnciphermentOnly(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Issue(request, key, X509KeyUsageFlags.KeyEncipherment, (c, k) => c.CopyWithPrivateKey((RSA)k));
    }

    private static X509Certificate2 Issue(
        CertificateRequest request, AsymmetricAlgorithm key, X509KeyUsageFlags usages, Func<X509Certificate2, AsymmetricAlgorithm, X509Certificate2> withKey)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usages, critical: true));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var authorityKey = Authority.Value.GetECDsaPrivateKey()!;
        var generator = X509SignatureGenerator.CreateForECDsa(authorityKey); // the CA's key type need not be the node's
        using var issued = request.Create(Authority.Value.SubjectName, generator, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return withKey(issued, key);
    }
}
