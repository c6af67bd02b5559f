using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ShardML.Runtime.Security;

/// <summary>
/// "The holder of this certificate's key calls, until this time": what a node attaches to every call it makes, so the
/// silo it reaches knows who calls — a client by its certificate's name, or another silo — whichever gateway the call
/// came through. It is signed with the certificate's private key (ECDSA with SHA-256, or RSA-PSS), and carries the
/// certificate, which the receiver checks against the cluster's CA as TLS does.
/// </summary>
/// <remarks>
/// A bearer token for its lifetime (an hour), sent only over the cluster's mutual TLS; a silo's token is never sent to a
/// client (calls carry it to silos only), so a client cannot pass for a silo. Cost: one signature per hour per node, one
/// verification per token and receiving silo (then a cache lookup per call).
/// </remarks>
public static class CallerToken
{
    /// <summary>How long a token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>How far a receiver's clock may be behind the issuer's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly byte[] Label = "ShardML caller token v1"u8.ToArray();

    /// <summary>A token for <paramref name="certificate"/> (with its private key), valid from <paramref name="now"/> for <see cref="Lifetime"/>.</summary>
    public static byte[] Issue(X509Certificate2 certificate, DateTimeOffset now)
    {
        var body = Body(certificate.RawData, now.UtcTicks, (now + Lifetime).UtcTicks);
        var signature = Sign(certificate, body);
        var token = new byte[body.Length + signature.Length];
        body.CopyTo(token, 0);
        signature.CopyTo(token, body.Length);
        return token;
    }

    /// <summary>
    /// Who a token names, when its certificate chains to <paramref name="authority"/>, its signature verifies and it is
    /// valid at <paramref name="now"/>; otherwise null and why not.
    /// </summary>
    public static CallerIdentity? Verify(byte[] token, X509Certificate2 authority, DateTimeOffset now, out string problem)
    {
        if (!TryParse(token, out var certificateBytes, out var issued, out var expires, out var bodyLength))
        {
            problem = "the caller token is malformed";
            return null;
        }

        if (now.UtcTicks < issued - ClockSkew.Ticks || now.UtcTicks > expires)
        {
            problem = "the caller token has expired or is not yet valid";
            return null;
        }

        using var certificate = X509CertificateLoader.LoadCertificate(certificateBytes);
        if (!ClusterCertificateValidator.ChainsTo(certificate, authority, out var chain))
        {
            problem = $"certificate '{certificate.Subject}' is not the cluster's ({chain})";
            return null;
        }

        if (!VerifySignature(certificate, token.AsSpan(0, bodyLength), token.AsSpan(bodyLength)))
        {
            problem = $"the caller token's signature does not verify with certificate '{certificate.Subject}'";
            return null;
        }

        problem = string.Empty;
        return new CallerIdentity(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), ClusterCertificateValidator.IsSilo(certificate), new DateTimeOffset(expires, TimeSpan.Zero));
    }

    /// <summary>The certificate a well-formed token carries (not verified: call <see cref="Verify"/> first).</summary>
    public static X509Certificate2 CertificateOf(byte[] token) =>
        TryParse(token, out var certificate, out _, out _, out _) ? X509CertificateLoader.LoadCertificate(certificate) : throw new ArgumentException("the caller token is malformed", nameof(token));

    private static byte[] Body(byte[] certificate, long issued, long expires)
    {
        var body = new byte[Label.Length + 4 + certificate.Length + 16];
        var at = 0;
        Label.CopyTo(body, at);
        at += Label.Length;
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(at), certificate.Length);
        at += 4;
        certificate.CopyTo(body, at);
        at += certificate.Length;
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(at), issued);
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(at + 8), expires);
        return body;
    }

    private static bool TryParse(byte[] token, out byte[] certificate, out long issued, out long expires, out int bodyLength)
    {
        (certificate, issued, expires, bodyLength) = ([], 0, 0, 0);
        var at = Label.Length;
        if (token.Length < at + 4 || !token.AsSpan(0, at).SequenceEqual(Label))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(token.AsSpan(at));
        at += 4;
        if (length <= 0 || token.Length < at + length + 16 + 1)
        {
            return false;
        }

        certificate = token.AsSpan(at, length).ToArray();
        at += length;
        issued = BinaryPrimitives.ReadInt64BigEndian(token.AsSpan(at));
        expires = BinaryPrimitives.ReadInt64BigEndian(token.AsSpan(at + 8));
        bodyLength = at + 16;
        return true;
    }

    private static byte[] Sign(X509Certificate2 certificate, byte[] body)
    {
        using (var ecdsa = certificate.GetECDsaPrivateKey())
        {
            if (ecdsa is not null)
            {
                return ecdsa.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }

        using var rsa = certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"certificate {certificate.Subject} has no ECDSA or RSA private key to sign calls with", nameof(certificate));
        return rsa.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }

    private static bool VerifySignature(X509Certificate2 certificate, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature)
    {
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return ecdsa.VerifyData(body, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }

        using var rsa = certificate.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(body, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }
}
