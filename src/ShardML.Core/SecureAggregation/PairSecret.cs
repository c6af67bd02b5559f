using System.Security.Cryptography;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// What two silos share for one job after an authenticated ECDH agreement: a pseudorandom key from which the 32-byte
/// mask seed of every (pass, attempt) is derived. Both ends derive the same seeds, and no two (pair, pass, attempt)
/// share one, so a pass run again after a loss is masked afresh.
/// </summary>
/// <remarks>
/// HKDF-SHA256 (RFC 5869): PRK = Extract(salt, Z) with Z the raw ECDH secret and salt = SHA-256 of the job id, the two
/// silo ids in ordinal order and their public keys in the same order (binding the key to the pair and the job);
/// seed = Expand(PRK, "pass ‖ attempt", 32). Cost: two HMAC-SHA256 per seed.
/// </remarks>
public sealed class PairSecret : IDisposable
{
    private const string SaltLabel = "ShardML secure aggregation: pair v1";
    private const string SeedLabel = "ShardML secure aggregation: mask seed v1";

    private readonly byte[] _pseudorandomKey;

    internal PairSecret(string jobId, string selfId, byte[] selfPublicKey, string peerId, byte[] peerPublicKey, byte[] sharedSecret)
    {
        JobId = jobId;
        PeerId = peerId;
        var selfFirst = string.CompareOrdinal(selfId, peerId) < 0;
        var salt = SHA256.HashData(selfFirst
            ? Transcript.Of(SaltLabel, jobId, selfId, peerId, selfPublicKey, peerPublicKey)
            : Transcript.Of(SaltLabel, jobId, peerId, selfId, peerPublicKey, selfPublicKey));
        _pseudorandomKey = HKDF.Extract(HashAlgorithmName.SHA256, sharedSecret, salt);
    }

    public string JobId { get; }

    /// <summary>The silo at the other end of the pair.</summary>
    public string PeerId { get; }

    /// <summary>The mask seed of this pair for one attempt at one pass; the same at both ends.</summary>
    public byte[] Seed(int pass, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pass);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        return HKDF.Expand(HashAlgorithmName.SHA256, _pseudorandomKey, MaskGenerator.SeedBytes, Transcript.Of(SeedLabel, pass, attempt));
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_pseudorandomKey);
}
