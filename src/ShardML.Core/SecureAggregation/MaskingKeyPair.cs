using System.Security.Cryptography;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// A silo's ephemeral ECDH key for one job's masks: NIST P-256, made fresh per (silo, job) and never stored, so a
/// key stolen later reveals no earlier job's masks. Its public half travels signed (<see cref="SignedMaskingKey"/>).
/// </summary>
/// <remarks>
/// Agreement is plain ECDH (NIST SP 800-56A, the x-coordinate of the shared point); seeds are derived from it with
/// HKDF (<see cref="PairSecret"/>), never used raw. A peer's key must be a P-256 point; anything else is refused.
/// Cost: one P-256 key generation per job, one scalar multiplication per peer.
/// </remarks>
public sealed class MaskingKeyPair : IDisposable
{
    /// <summary>The object identifier of NIST P-256 (secp256r1).</summary>
    public const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly ECDiffieHellman _key;

    private MaskingKeyPair(ECDiffieHellman key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>The public key as DER SubjectPublicKeyInfo, the form that is signed and sent.</summary>
    public byte[] PublicKey { get; }

    public static MaskingKeyPair Create() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>
    /// Reads a peer's SubjectPublicKeyInfo and checks that it is a P-256 point; throws <see cref="CryptographicException"/>
    /// otherwise (another curve, an RSA key, trailing bytes, a point off the curve).
    /// </summary>
    public static ECDiffieHellman ImportPeerKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new CryptographicException($"the masking key has {subjectPublicKeyInfo.Length - read} bytes after its end");
            }

            var curve = key.ExportParameters(includePrivateParameters: false).Curve;
            if (!curve.IsNamed || curve.Oid.Value != P256Oid)
            {
                throw new CryptographicException($"the masking key is on curve {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "(explicit)"}, not P-256");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The raw ECDH shared secret with a peer's (already verified) public key.</summary>
    internal byte[] Agree(ReadOnlySpan<byte> peerPublicKey)
    {
        using var peer = ImportPeerKey(peerPublicKey);
        return _key.DeriveRawSecretAgreement(peer.PublicKey);
    }

    public void Dispose() => _key.Dispose();
}
