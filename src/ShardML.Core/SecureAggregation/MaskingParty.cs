using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// One silo's side of secure aggregation for one job: its ephemeral masking key, signed with its certificate; the pair
/// secrets it agreed with the peers whose signed keys it accepted; and the masking of its pre-merged, encoded summary
/// for one attempt at one pass.
/// </summary>
/// <remarks>
/// Protocol (Bonawitz et al. 2017, honest-but-curious, without dropout recovery): each silo announces
/// <see cref="SignedKey"/>; each accepts every peer's (<see cref="AcceptPeer"/>) after the caller has checked that the
/// peer's certificate chains to the cluster's authority; then, per pass, each encodes its own partitions' merged sum
/// (<see cref="FixedPointCodec"/>), masks it among the attempt's participants (<see cref="Mask"/>) and sends one vector;
/// the sum of all of them is the total. Cost: one ECDH per peer per job; per pass, <see cref="PairwiseMask"/>'s.
/// </remarks>
public sealed class MaskingParty : IDisposable
{
    private readonly MaskingKeyPair _key;
    private readonly Dictionary<string, (byte[] PublicKey, PairSecret Secret)> _peers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private MaskingParty(string jobId, string siloId, MaskingKeyPair key, SignedMaskingKey signedKey)
    {
        JobId = jobId;
        SiloId = siloId;
        _key = key;
        SignedKey = signedKey;
    }

    public string JobId { get; }

    public string SiloId { get; }

    /// <summary>What this silo sends its peers.</summary>
    public SignedMaskingKey SignedKey { get; }

    /// <summary>Makes a fresh masking key for (<paramref name="siloId"/>, <paramref name="jobId"/>), signed with <paramref name="certificate"/>'s private key.</summary>
    public static MaskingParty Create(string jobId, string siloId, X509Certificate2 certificate)
    {
        var key = MaskingKeyPair.Create();
        try
        {
            return new MaskingParty(jobId, siloId, key, SignedMaskingKey.Sign(jobId, siloId, key.PublicKey, certificate));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Verifies a peer's signed key against its certificate (whose chain the caller has validated) and agrees a pair
    /// secret with it. Throws <see cref="CryptographicException"/> for a bad signature or key, a key of another job, or
    /// a second, different key from a peer already accepted; accepting the same key again does nothing.
    /// </summary>
    public void AcceptPeer(SignedMaskingKey peer, X509Certificate2 peerCertificate)
    {
        if (peer.JobId != JobId)
        {
            throw new CryptographicException($"silo '{peer.SiloId}' sent a masking key for job '{peer.JobId}', not '{JobId}'");
        }

        if (peer.SiloId == SiloId)
        {
            throw new CryptographicException($"silo '{SiloId}' cannot be its own masking peer");
        }

        peer.Verify(peerCertificate);
        lock (_lock)
        {
            if (_peers.TryGetValue(peer.SiloId, out var known))
            {
                if (!known.PublicKey.AsSpan().SequenceEqual(peer.PublicKey))
                {
                    throw new CryptographicException($"silo '{peer.SiloId}' sent a second, different masking key for job '{JobId}'");
                }

                return;
            }

            var shared = _key.Agree(peer.PublicKey);
            try
            {
                var secret = new PairSecret(JobId, SiloId, _key.PublicKey, peer.SiloId, peer.PublicKey, shared);
                _peers.Add(peer.SiloId, ((byte[])peer.PublicKey.Clone(), secret));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(shared);
            }
        }
    }

    /// <summary>The peers accepted so far.</summary>
    public IReadOnlyCollection<string> Peers
    {
        get
        {
            lock (_lock)
            {
                return [.. _peers.Keys];
            }
        }
    }

    /// <summary>The seed this silo shares with <paramref name="peerId"/> for one attempt at one pass.</summary>
    public byte[] Seed(string peerId, int pass, int attempt) => Secret(peerId).Seed(pass, attempt);

    /// <summary>
    /// Masks <paramref name="encoded"/> in place for one attempt at one pass among <paramref name="participants"/>
    /// (this silo included; every other one an accepted peer). Every participant must mask with the same list, pass and
    /// attempt, and all their vectors must be summed: the masks cancel only in the total of the whole attempt.
    /// </summary>
    public void Mask(Span<ulong> encoded, int pass, int attempt, IReadOnlyCollection<string> participants)
    {
        if (!participants.Contains(SiloId))
        {
            throw new ArgumentException($"silo '{SiloId}' masks only in an attempt it takes part in", nameof(participants));
        }

        var seeds = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            if (participant != SiloId && !seeds.TryAdd(participant, Seed(participant, pass, attempt)))
            {
                throw new ArgumentException($"silo '{participant}' is listed twice", nameof(participants));
            }
        }

        try
        {
            PairwiseMask.Apply(encoded, SiloId, seeds);
        }
        finally
        {
            foreach (var seed in seeds.Values)
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        lock (_lock)
        {
            foreach (var (_, secret) in _peers.Values)
            {
                secret.Dispose();
            }

            _peers.Clear();
        }
    }

    private PairSecret Secret(string peerId)
    {
        lock (_lock)
        {
            return _peers.TryGetValue(peerId, out var peer)
                ? peer.Secret
                : throw new InvalidOperationException($"silo '{SiloId}' has not accepted a masking key from '{peerId}' for job '{JobId}'");
        }
    }
}
