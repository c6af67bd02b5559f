using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;
using ShardML.Runtime.Transfer;

namespace ShardML.Runtime.Tests.Transfer;

/// <summary>
/// The driver keeps data-plane connections between transfers: one connection carries transfer after transfer, each with
/// its own token; a kept connection the silo closed is replaced and the bytes still arrive; nothing piles up.
/// </summary>
public sealed class BulkConnectionPoolTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly LoopbackDataPlane _plane = new();

    [Fact]
    public async Task Transfers_both_ways_to_one_silo_share_one_connection_and_close_it_when_the_pool_goes()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var pool = Pool(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 10; i++)
        {
            var payload = Payload(200_000 + i);
            Assert.Equal(payload, await RoundTripAsync(endpoint, pool, payload));
        }

        Assert.Equal(1, pool.Opened);
        Assert.Equal(1, pool.Idle);
        Assert.Equal(1, endpoint.Connections);
        Assert.Equal(20, endpoint.Admitted); // a token per transfer all the same
        pool.Dispose();
        await WaitForAsync(() => endpoint.Connections == 0);
    }

    [Fact]
    public async Task Transfers_at_once_open_a_connection_each_and_keep_a_bounded_number()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var pool = Pool(TimeSpan.FromMinutes(1));

        for (var round = 0; round < 3; round++)
        {
            var payloads = Enumerable.Range(0, BulkConnectionPool.IdlePerEndpoint + 2).Select(i => Payload(50_000 + i)).ToArray();
            var received = await Task.WhenAll(payloads.Select(p => RoundTripAsync(endpoint, pool, p)));
            Assert.Equal(payloads, received);
        }

        Assert.True(pool.Idle <= BulkConnectionPool.IdlePerEndpoint);
        await WaitForAsync(() => endpoint.Connections <= BulkConnectionPool.IdlePerEndpoint);
    }

    [Theory]
    [InlineData(true)] // seen closed before use: a new connection at once
    [InlineData(false)] // not looked at: the transfer fails on it and is tried again on a new one
    public async Task A_kept_connection_the_silo_closed_is_replaced_and_the_bytes_arrive(bool checkIdle)
    {
        var endpoint = Endpoint(SiloCredentials.None, idleTimeout: TimeSpan.FromMilliseconds(100));
        var pool = Pool(TimeSpan.FromMinutes(1), checkIdle);
        var first = Payload(300_000);
        Assert.Equal(first, await RoundTripAsync(endpoint, pool, first));
        await WaitForAsync(() => endpoint.Connections == 0); // the silo closed it, idle

        var upload = Payload(300_001);
        var transfer = Guid.NewGuid();
        await BulkClient.SendAsync(pool, endpoint.Open(transfer, upload.Length, download: null), transfer, upload, BulkClient.Checksum(upload), CancellationToken.None);
        Assert.True(endpoint.TryTakeReceived(transfer, out var received));
        Assert.Equal(upload, received);

        await WaitForAsync(() => endpoint.Connections == 0);
        var download = Payload(300_002);
        var back = Guid.NewGuid();
        Assert.Equal(download, await BulkClient.ReceiveAsync(pool, endpoint.Open(back, download.Length, download), back, download.Length, CancellationToken.None));
        Assert.Equal(3, pool.Opened);
    }

    [Fact]
    public async Task Under_TLS_a_kept_connection_serves_only_tickets_that_pin_its_certificate()
    {
        using var authority = CertificateAuthority.CreateAuthority("test-ca", Day);
        using var certificate = CertificateAuthority.Issue(authority, "silo0", CertificateRole.Silo, ["127.0.0.1"], Day);
        var endpoint = Endpoint(new SiloCredentials(new ClusterCertificates(authority, certificate), embedded: false));
        var pool = Pool(TimeSpan.FromMinutes(1));
        var payload = Payload(500_000);

        Assert.Equal(payload, await RoundTripAsync(endpoint, pool, payload));
        Assert.Equal(1, pool.Opened);

        var other = Guid.NewGuid();
        var pinnedElsewhere = endpoint.Open(other, payload.Length, payload) with { CertificateHash = new byte[32] };
        await Assert.ThrowsAnyAsync<Exception>(() => BulkClient.ReceiveAsync(pool, pinnedElsewhere, other, payload.Length, CancellationToken.None));
        Assert.Equal(1, pool.Idle); // the kept connection was not taken (on it the transfer would have gone through)
        Assert.Equal(1, pool.Opened); // and the new one never opened: it refused the silo's certificate
        Assert.Equal(2, endpoint.Admitted);
    }

    [Fact]
    public async Task A_transfer_cancelled_half_way_closes_its_connection_and_the_next_one_arrives_whole()
    {
        var endpoint = Endpoint(SiloCredentials.None);
        var pool = Pool(TimeSpan.FromMinutes(1));
        var payload = Payload(64 << 20); // long enough on loopback to be cancelled in flight
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(5));
        var transfer = Guid.NewGuid();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            BulkClient.ReceiveAsync(pool, endpoint.Open(transfer, payload.Length, payload), transfer, payload.Length, cancel.Token));

        Assert.Equal(0, pool.Idle);
        var small = Payload(100_000);
        Assert.Equal(small, await RoundTripAsync(endpoint, pool, small));
    }

    private static async Task<byte[]> RoundTripAsync(BulkEndpoint endpoint, BulkConnectionPool pool, byte[] payload)
    {
        var up = Guid.NewGuid();
        await BulkClient.SendAsync(pool, endpoint.Open(up, payload.Length, download: null), up, payload, BulkClient.Checksum(payload), CancellationToken.None);
        Assert.True(endpoint.TryTakeReceived(up, out var staged));
        var down = Guid.NewGuid();
        return await BulkClient.ReceiveAsync(pool, endpoint.Open(down, staged.Length, staged), down, staged.Length, CancellationToken.None);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 10_000, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }

    private BulkEndpoint Endpoint(SiloCredentials credentials, TimeSpan? idleTimeout = null) => _plane.Endpoint(credentials, idleTimeout);

    private BulkConnectionPool Pool(TimeSpan idleLifetime, bool checkIdle = true) => _plane.Pool(idleLifetime, checkIdle);

    private static byte[] Payload(int length) => LoopbackDataPlane.Payload(length);

    public void Dispose() => _plane.Dispose();
}
