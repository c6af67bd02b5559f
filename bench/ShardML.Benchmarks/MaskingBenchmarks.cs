using BenchmarkDotNet.Attributes;
using ShardML.Core.SecureAggregation;
using ShardML.Runtime.Security;

namespace ShardML.Benchmarks;

/// <summary>
/// One silo's work per masked pass: encode its pre-merged sum in fixed point and mask it among 8 silos (7 AES-CTR
/// streams added or subtracted, seeds derived by HKDF as in a real pass), with certificates from the cluster's CA.
/// </summary>
[MemoryDiagnoser]
public class MaskingBenchmarks
{
    private const int Silos = 8;
    private readonly List<IDisposable> _owned = [];
    private MaskingParty _self = null!;
    private string[] _participants = null!;
    private FixedPointCodec _codec = null!;
    private double[] _values = null!;
    private ulong[] _encoded = null!;

    [Params(10_000, 1_000_000)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var day = TimeSpan.FromDays(1);
        var authority = CertificateAuthority.CreateAuthority("bench-ca", day);
        _owned.Add(authority);
        var parties = new MaskingParty[Silos];
        var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2[Silos];
        for (var i = 0; i < Silos; i++)
        {
            certificates[i] = CertificateAuthority.Issue(authority, $"silo{i}", CertificateRole.Silo, [], day);
            parties[i] = MaskingParty.Create("bench", $"silo{i}", certificates[i]);
            _owned.Add(certificates[i]);
            _owned.Add(parties[i]);
        }

        for (var j = 1; j < Silos; j++)
        {
            parties[0].AcceptPeer(parties[j].SignedKey, certificates[j]);
        }

        _self = parties[0];
        _participants = [.. parties.Select(p => p.SiloId)];
        _codec = new FixedPointCodec(1.0, Silos);
        var random = new Random(42);
        _values = [.. Enumerable.Range(0, Dimension).Select(_ => (2 * random.NextDouble()) - 1)];
        _encoded = new ulong[Dimension];
    }

    [GlobalCleanup]
    public void Cleanup() => _owned.ForEach(o => o.Dispose());

    [Benchmark(Baseline = true)]
    public ulong Encode()
    {
        _codec.Encode(_values, _encoded);
        return _encoded[0];
    }

    [Benchmark]
    public ulong EncodeAndMask()
    {
        _codec.Encode(_values, _encoded);
        _self.Mask(_encoded, pass: 1, attempt: 0, _participants);
        return _encoded[0];
    }
}
