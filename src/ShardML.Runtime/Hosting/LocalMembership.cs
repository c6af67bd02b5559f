using System.Net;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Membership kept in memory by a primary silo on this machine (Orleans' development clustering), written
/// <c>local://127.0.0.1:SILOPORT</c> with the primary's silo port. For several silo processes on one machine without a
/// Redis server or a database — the benchmark's second silo joining its embedded one — never for a cluster: the table
/// dies with the primary, so a cluster run this way survives no loss of it. Loopback only, so no other machine can write
/// the table; a client cannot connect through it (it has no gateway list to read).
/// </summary>
/// <param name="Primary">The primary silo's silo endpoint, on loopback.</param>
public sealed record LocalMembership(IPEndPoint Primary) : MembershipStore
{
    public override string Display => $"local://{Primary}";

    /// <summary>Only processes of this machine reach a loopback table.</summary>
    protected override bool IsOpen => false;

    internal static LocalMembership FromUri(Uri uri)
    {
        if (!IPAddress.TryParse(uri.Host, out var address) || !IPAddress.IsLoopback(address) || uri.IsDefaultPort || uri.Port <= 0)
        {
            throw new FormatException($"a local:// membership names the primary silo on this machine by loopback address and silo port: local://127.0.0.1:PORT, not '{uri}'");
        }

        return new LocalMembership(new IPEndPoint(address, uri.Port));
    }

    internal override void Configure(ISiloBuilder silo) => silo.UseDevelopmentClustering(Primary);

    internal override void Configure(IClientBuilder client) =>
        throw new NotSupportedException($"a client cannot connect through {Display}: it serves silos of one machine joining a primary silo; connect through redis:// or postgres://");
}
