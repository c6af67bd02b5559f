using System.Security.Cryptography.X509Certificates;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

/// <summary>Silos of one job that have exchanged and accepted each other's signed masking keys.</summary>
internal sealed class Parties : IDisposable
{
    private Parties(IReadOnlyList<MaskingParty> all, IReadOnlyList<X509Certificate2> certificates)
    {
        All = all;
        Certificates = certificates;
    }

    public IReadOnlyList<MaskingParty> All { get; }

    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public IReadOnlyList<string> Ids => [.. All.Select(p => p.SiloId)];

    public MaskingParty this[int index] => All[index];

    /// <summary>Silos "silo-0" … with ECDSA certificates, or RSA ones where <paramref name="rsa"/> says so.</summary>
    public static Parties Create(int count, string jobId = "job-1", Func<int, bool>? rsa = null)
    {
        var certificates = Enumerable.Range(0, count)
            .Select(i => rsa?.Invoke(i) == true ? TestCertificates.RsaSilo($"silo-{i}") : TestCertificates.EcdsaSilo($"silo-{i}"))
            .ToArray();
        var parties = Enumerable.Range(0, count).Select(i => MaskingParty.Create(jobId, $"silo-{i}", certificates[i])).ToArray();
        foreach (var party in parties)
        {
            for (var j = 0; j < count; j++)
            {
                if (parties[j] != party)
                {
                    party.AcceptPeer(parties[j].SignedKey, certificates[j]);
                }
            }
        }

        return new Parties(parties, certificates);
    }

    public void Dispose()
    {
        foreach (var party in All)
        {
            party.Dispose();
        }

        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
