using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;
using ShardML.Runtime.Transfer;

namespace ShardML.Runtime.Tests.Transfer;

/// <summary>The data plane's two ends on loopback: the bytes arrive whole, and only with the ticket's token (and certificate).</summary>
public sealed class BulkEndpointTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly LoopbackDataPlane _plane = new();

    [Fact]
    public async Task An_upload_arrives_with_the_same_bits_and_is_taken_once()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var payload = Payload(3_000_001);
        var transfer = Guid.NewGuid();

        var ticket = endpoint.Open(transfer, payload.Length, download: null);
        await BulkClient.SendAsync(ticket, transfer, payload, CancellationToken.None);

        Assert.Null(ticket.CertificateHash); // no TLS without the cluster's certificates
        Assert.True(endpoint.TryTakeReceived(transfer, out var received));
        Assert.Equal(payload, received);
        Assert.False(endpoint.TryTakeReceived(transfer, out _));
        Assert.Equal(1, endpoint.Admitted);
    }

    [Fact]
    public async Task A_download_arrives_with_the_same_bits()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var payload = Payload(2_500_000);
        var transfer = Guid.NewGuid();

        var ticket = endpoint.Open(transfer, payload.Length, payload);
        var received = await BulkClient.ReceiveAsync(ticket, transfer, payload.Length, CancellationToken.None);

        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task A_connection_with_a_wrong_token_is_closed_without_a_byte_and_the_offer_still_serves_its_own()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var payload = Payload(100_000);
        var transfer = Guid.NewGuid();
        var ticket = endpoint.Open(transfer, payload.Length, payload);
        var forged = ticket with { Token = new byte[ticket.Token.Length] };

        await Assert.ThrowsAnyAsync<IOException>(() => BulkClient.ReceiveAsync(forged, transfer, payload.Length, CancellationToken.None));
        await Assert.ThrowsAnyAsync<IOException>(() => BulkClient.ReceiveAsync(ticket, Guid.NewGuid(), payload.Length, CancellationToken.None)); // no such offer

        Assert.Equal(payload, await BulkClient.ReceiveAsync(ticket, transfer, payload.Length, CancellationToken.None));
        Assert.Equal(1, endpoint.Admitted);
    }

    [Fact]
    public async Task A_token_opens_one_connection_only()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var payload = Payload(10_000);
        var transfer = Guid.NewGuid();
        var ticket = endpoint.Open(transfer, payload.Length, payload);

        await BulkClient.ReceiveAsync(ticket, transfer, payload.Length, CancellationToken.None);

        await Assert.ThrowsAnyAsync<IOException>(() => BulkClient.ReceiveAsync(ticket, transfer, payload.Length, CancellationToken.None));
    }

    [Fact]
    public async Task Under_the_cluster_TLS_the_bytes_go_over_TLS_to_the_pinned_certificate_only()
    {
        using var authority = CertificateAuthority.CreateAuthority("test-ca", Day);
        using var certificate = CertificateAuthority.Issue(authority, "silo0", CertificateRole.Silo, ["127.0.0.1"], Day);
        var endpoint = Endpoint(new SiloCredentials(new ClusterCertificates(authority, certificate), embedded: false));
        var payload = Payload(1_000_000);
        var transfer = Guid.NewGuid();

        var upload = endpoint.Open(transfer, payload.Length, download: null);
        Assert.NotNull(upload.CertificateHash);
        await BulkClient.SendAsync(upload, transfer, payload, CancellationToken.None);
        Assert.True(endpoint.TryTakeReceived(transfer, out var received));
        Assert.Equal(payload, received);

        // A ticket pinning another certificate: the client refuses the silo's, and nothing is sent.
        var other = Guid.NewGuid();
        var pinnedElsewhere = endpoint.Open(other, payload.Length, payload) with { CertificateHash = new byte[32] };
        await Assert.ThrowsAnyAsync<Exception>(() => BulkClient.ReceiveAsync(pinnedElsewhere, other, payload.Length, CancellationToken.None));

        // A client that speaks plain TCP to a TLS endpoint gets nothing, token or not.
        var plain = endpoint.Open(other, payload.Length, payload) with { CertificateHash = null };
        await Assert.ThrowsAnyAsync<IOException>(() => BulkClient.ReceiveAsync(plain, other, payload.Length, CancellationToken.None));
        Assert.Equal(1, endpoint.Admitted);
    }

    [Fact]
    public async Task An_upload_that_does_not_match_its_checksum_is_dropped()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var transfer = Guid.NewGuid();
        var ticket = endpoint.Open(transfer, 16, download: null);
        await using var stream = await ConnectAsync(ticket, transfer, BulkEndpoint.WireVersion);
        await stream.WriteAsync(new byte[16]);
        await stream.WriteAsync(new byte[8]); // the hash of 16 zeros is not 0

        Assert.Equal(0, await stream.ReadAsync(new byte[1])); // closed without the acceptance byte
        Assert.False(endpoint.TryTakeReceived(transfer, out _));
    }

    [Fact]
    public async Task An_upload_with_one_bit_changed_after_it_was_hashed_is_dropped_and_its_good_copy_is_taken()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var payload = Payload(3_000_005);
        var corrupt = (byte[])payload.Clone();
        corrupt[2_500_003] ^= 0x01;
        var transfer = Guid.NewGuid();
        var ticket = endpoint.Open(transfer, payload.Length, download: null);

        await Assert.ThrowsAnyAsync<IOException>(() => BulkClient.SendAsync(BulkConnectionPool.Shared, ticket, transfer, corrupt, PayloadChecksum.Of(payload), CancellationToken.None));
        Assert.False(endpoint.TryTakeReceived(transfer, out _));

        var again = Guid.NewGuid();
        await BulkClient.SendAsync(endpoint.Open(again, payload.Length, download: null), again, payload, CancellationToken.None);
        Assert.True(endpoint.TryTakeReceived(again, out var received));
        Assert.Equal(payload, received);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_000_000)]
    public async Task The_checksum_sees_a_bit_flipped_anywhere_and_is_the_same_read_and_written(int length)
    {
        var payload = Payload(length);
        var checksum = PayloadChecksum.Of(payload);
        using var read = new MemoryStream(payload);
        Assert.Equal(checksum, await PayloadChecksum.ReadAsync(read, new byte[length], CancellationToken.None));
        using var written = new MemoryStream();
        Assert.Equal(checksum, await PayloadChecksum.WriteAsync(written, payload, CancellationToken.None));
        Assert.Equal(payload, written.ToArray());
        for (var at = 0; at < length; at += 999_983)
        {
            payload[at] ^= 0x80;
            Assert.NotEqual(checksum, PayloadChecksum.Of(payload));
            payload[at] ^= 0x80;
        }
    }

    [Fact]
    public async Task A_client_of_another_wire_version_is_closed_without_a_byte_and_the_offer_stays_open()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var payload = Payload(50_000);
        var transfer = Guid.NewGuid();
        var ticket = endpoint.Open(transfer, payload.Length, payload);

        await using (var stream = await ConnectAsync(ticket, transfer, BulkEndpoint.WireVersion - 1))
        {
            Assert.Equal(0, await stream.ReadAsync(new byte[1]));
        }

        Assert.Equal(0, endpoint.Admitted);
        Assert.Equal(payload, await BulkClient.ReceiveAsync(ticket, transfer, payload.Length, CancellationToken.None));
    }

    [Fact]
    public async Task A_download_offered_in_a_reply_and_never_claimed_expires()
    {
        var clock = new SettableClock();
        var endpoint = new BulkEndpoint(IPAddress.Loopback, SiloCredentials.None, NullLogger<BulkEndpoint>.Instance) { Clock = clock };
        _plane.Own(endpoint);
        var payload = Payload(20_000);
        var unclaimed = Guid.NewGuid();
        var ticket = endpoint.Open(unclaimed, payload.Length, payload);

        clock.Now += BulkEndpoint.OfferLifetime + TimeSpan.FromSeconds(1);
        await Assert.ThrowsAnyAsync<IOException>(() => BulkClient.ReceiveAsync(BulkConnectionPool.Shared, ticket, unclaimed, payload.Length, CancellationToken.None));
        var next = Guid.NewGuid();
        endpoint.Open(next, 1, download: null); // the next offer sweeps the expired one, and its payload with it

        Assert.Equal(1, endpoint.Held);
        Assert.Equal(0, endpoint.Admitted);
    }

    private static async Task<NetworkStream> ConnectAsync(BulkTicket ticket, Guid transfer, int version)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ticket.Host, ticket.Port);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var header = new byte[BulkEndpoint.HeaderBytes];
        header[0] = (byte)version;
        transfer.TryWriteBytes(header.AsSpan(1));
        ticket.Token.CopyTo(header, 17);
        await stream.WriteAsync(header);
        return stream;
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private BulkEndpoint Endpoint(SiloCredentials credentials) => _plane.Endpoint(credentials);

    private static byte[] Payload(int length) => LoopbackDataPlane.Payload(length);

    public void Dispose() => _plane.Dispose();
}
