using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using ShardML.Core.Execution;
using ShardML.Core.SecureAggregation;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.SecureAggregation;

/// <summary>
/// One silo's side of one secure session (a dataset aggregated securely): its masking party, the peers it accepted, and
/// the sums of the pass in progress, one vector per partition, kept so that another attempt at the same pass — a larger
/// bound, or fewer silos after a failure — re-encodes them instead of running the step again.
/// </summary>
/// <remarks>
/// A share is built as secure aggregation's reference does it (<see cref="QuantizedTotal"/>): each partition's sums encoded
/// with the pass's codec and added as integers, exact in any order, then masked once for the silo, so the decoded total has
/// the same bits whatever the placement. The silo adds a one-hot vector of its bound class (<see cref="SumBound"/>); if its
/// class exceeds the one asked for, its sums are left out (zeros) and the driver, reading the largest class from the
/// histogram, asks again. A silo never masks the same (pass, attempt) twice, so no two vectors share masks.
/// </remarks>
internal sealed class SiloSecureSession(string session, SiloCredentials credentials) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, double[]> _sums = [];
    private readonly Stack<double[]> _spare = []; // the last pass's vectors, reused: a model-sized pass allocates none
    private readonly Dictionary<int, int> _classes = [];
    private MaskingParty? _party;
    private (int Pass, int Attempt) _lastMasked = (0, -1);
    private int _cachedPass;
    private IAdditiveSummary? _template;

    /// <summary>The shape-only summary of the pass's step (no data), for the driver.</summary>
    public ISummary Template => _template ?? throw new InvalidOperationException("no partition has been summarized in this pass");

    public int SumLength { get; private set; }

    /// <summary>This silo's signed masking key for the session, made at the first call.</summary>
    public MaskingAnnouncement Announce(string silo)
    {
        Refuse(silo);
        lock (_lock)
        {
            _party ??= MaskingParty.Create(session, silo, credentials.Certificate!);
            var key = _party.SignedKey;
            return new MaskingAnnouncement(silo, key.PublicKey, key.Signature, credentials.Certificate!.RawData);
        }
    }

    /// <summary>Refuses the pass unless this silo may take part; accepts the peers it is introduced to.</summary>
    public void Admit(SecurePass pass, string silo)
    {
        Refuse(silo);
        if (!pass.Participants.Contains(silo, StringComparer.Ordinal))
        {
            throw new SecureAggregationRefusedException($"silo {silo} was sent a share of pass {pass.Pass} without being one of its participants");
        }

        foreach (var peer in pass.NewPeers)
        {
            Accept(peer, silo);
        }
    }

    /// <summary>The partitions of <paramref name="partitions"/> whose sums this pass does not hold yet; older passes' are dropped.</summary>
    public PartitionTask[] Missing(int pass, PartitionTask[] partitions)
    {
        lock (_lock)
        {
            if (pass != _cachedPass)
            {
                foreach (var old in _sums.Values)
                {
                    _spare.Push(old);
                }

                _sums.Clear();
                _classes.Clear();
                _template = null;
                _cachedPass = pass;
            }

            return [.. partitions.Where(p => !_sums.ContainsKey(p.Index))];
        }
    }

    /// <summary>Keeps a partition's sums for the pass and lets its summary go; a summary that is not a sum fails the partition.</summary>
    public void Keep(int pass, int partition, ISummary summary, string stepType)
    {
        if (summary is not IAdditiveSummary additive)
        {
            throw new PartitionFailedException(partition, new TotalsOnlyRefusedException(stepType[(stepType.LastIndexOf('.') + 1)..], summary.GetType().Name));
        }

        double[] sums;
        lock (_lock)
        {
            sums = _spare.TryPop(out var spare) && spare.Length == additive.SumLength ? spare : new double[additive.SumLength];
        }

        additive.WriteSums(sums);
        lock (_lock)
        {
            if (pass != _cachedPass)
            {
                return; // a newer pass started meanwhile: these are of no use
            }

            if (_template is null)
            {
                _template = (IAdditiveSummary)additive.WithSums(new double[sums.Length]);
                SumLength = sums.Length;
            }
            else if (sums.Length != SumLength)
            {
                throw new PartitionFailedException(partition, new InvalidOperationException($"partition {partition} wrote {sums.Length} sums where the others wrote {SumLength}"));
            }

            _sums[partition] = sums;
            _classes[partition] = SumBound.ClassOf(sums);
        }

        summary.Release();
    }

    /// <summary>This silo's share of the attempt: its partitions' sums encoded, added, and masked or encrypted.</summary>
    public byte[] Share(SecurePass pass, PartitionTask[] partitions, string silo)
    {
        // Masked words are built where they are sent from: in the payload's bytes (little-endian words, SharePayload).
        var payload = new byte[(SumBound.ClassCount + SumLength) * sizeof(ulong)];
        var words = SharePayload.Words(payload);
        lock (_lock)
        {
            var boundClass = partitions.Max(p => _classes[p.Index]);
            words[boundClass] = 1;
            if (boundClass <= pass.BoundClass)
            {
                var codec = SumBound.CodecFor(pass.BoundClass, pass.Contributors);
                var total = words[SumBound.ClassCount..];
                foreach (var p in partitions)
                {
                    codec.EncodeAdd(_sums[p.Index], total);
                }
            }
        }

        if (pass.Mode == SecureAggregationMode.Paillier)
        {
            return Encrypt(pass, words);
        }

        Mask(pass, words, silo);
        return SharePayload.Seal(payload);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _party?.Dispose();
            _party = null;
            _sums.Clear();
        }
    }

    private void Mask(SecurePass pass, Span<ulong> words, string silo)
    {
        if (pass.Participants.Length > 1)
        {
            lock (_lock)
            {
                if (_party is null)
                {
                    throw new SecureAggregationRefusedException($"silo {silo} has no masking key for session {session}; it must announce one before it masks");
                }

                if ((pass.Pass, pass.Attempt).CompareTo(_lastMasked) <= 0)
                {
                    throw new SecureAggregationRefusedException(
                        $"silo {silo} was asked to mask pass {pass.Pass}, attempt {pass.Attempt} after pass {_lastMasked.Pass}, attempt {_lastMasked.Attempt}: masks are never used twice, since two vectors under one mask give away their difference");
                }

                _lastMasked = (pass.Pass, pass.Attempt);
                _party.Mask(words, pass.Pass, pass.Attempt, pass.Participants);
            }
        }
    }

    private static byte[] Encrypt(SecurePass pass, Span<ulong> words)
    {
        var key = PaillierPublicKey.FromBytes(pass.PaillierKey ?? throw new SecureAggregationRefusedException("a Paillier pass came without the driver's public key"));
        var random = new SecureRandom();
        var silos = pass.Participants.Length;
        var histogram = PaillierVector.Encrypt(key, SharePayload.HistogramPacking(silos, key.ModulusBits), words[..SumBound.ClassCount], random);
        var sums = PaillierVector.Encrypt(key, SharePayload.SumsPacking(silos, key.ModulusBits), words[SumBound.ClassCount..], random, Environment.ProcessorCount);
        return SharePayload.FromCiphertexts(key, histogram, sums);
    }

    private void Refuse(string silo)
    {
        if (credentials.Refusal(silo) is { } refusal)
        {
            throw new SecureAggregationRefusedException(refusal);
        }
    }

    /// <summary>
    /// Accepts a peer's signed key after checking, as TLS does, that its certificate chains to the cluster's CA and is a
    /// silo's; and, when the certificate names IP addresses, that the peer's address is one of them.
    /// </summary>
    private void Accept(MaskingAnnouncement peer, string silo)
    {
        if (_party is null || credentials.Authority is not { } authority)
        {
            throw new SecureAggregationRefusedException($"silo {silo} was introduced to peer {peer.Silo} before it announced its own masking key");
        }

        using var certificate = X509CertificateLoader.LoadCertificate(peer.Certificate);
        if (!ClusterCertificateValidator.ChainsTo(certificate, authority, out var problem))
        {
            throw new SecureAggregationRefusedException($"silo {silo} refused peer {peer.Silo}'s masking key: its certificate '{certificate.Subject}' is not the cluster's ({problem})");
        }

        if (!ClusterCertificateValidator.IsSilo(certificate))
        {
            throw new SecureAggregationRefusedException($"silo {silo} refused peer {peer.Silo}'s masking key: certificate '{certificate.Subject}' is not a silo's");
        }

        var addresses = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateIPAddresses()).ToArray();
        if (addresses.Length > 0 && !addresses.Contains(SiloAddress.FromParsableString(peer.Silo).Endpoint.Address))
        {
            throw new SecureAggregationRefusedException(
                $"silo {silo} refused peer {peer.Silo}'s masking key: certificate '{certificate.Subject}' is for {string.Join(", ", addresses.Select(a => a.ToString()))}, not that silo's address");
        }

        try
        {
            _party.AcceptPeer(peer.SignedKey(session), certificate);
        }
        catch (CryptographicException e)
        {
            throw new SecureAggregationRefusedException($"silo {silo} refused peer {peer.Silo}'s masking key: {e.Message}", e);
        }
    }
}
