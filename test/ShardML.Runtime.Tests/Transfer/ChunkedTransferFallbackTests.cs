using System.Net;
using System.Net.Sockets;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Tests.Transfer;

/// <summary>
/// Whatever goes wrong on the data plane — no one listening, a connection cut half way, bytes that do not match — the
/// driver moves the payload in chunked messages instead, and the silo has the same bits.
/// </summary>
public sealed class ChunkedTransferFallbackTests
{
    private static readonly ClusterExecutorOptions Options = new() { MaximumMessageBytes = 64 << 10, BulkTransferBytes = 1 << 10 };

    [Fact]
    public void A_negative_data_plane_threshold_is_refused_and_zero_turns_it_off()
    {
        Assert.Contains("`BulkTransferBytes`", new ClusterExecutorOptions { BulkTransferBytes = -1 }.Validate(), StringComparison.Ordinal);
        Assert.Null(new ClusterExecutorOptions { BulkTransferBytes = 0 }.Validate());
    }

    [Fact]
    public async Task An_upload_whose_data_plane_refuses_connections_arrives_in_chunks()
    {
        var payload = Payload(300_000);
        var aggregator = new StagingAggregator(_ => Ticket(ClosedPort()));

        var transfer = await ChunkedTransfer.UploadAsync(aggregator, payload, Options, CancellationToken.None);

        Assert.Equal(1, aggregator.Tickets);
        Assert.True(aggregator.Chunks >= 5);
        Assert.Equal(payload, aggregator.Staged.Take(transfer));
    }

    [Fact]
    public async Task A_download_cut_half_way_is_fetched_again_in_chunks()
    {
        var payload = Payload(300_000);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dying = ServeHalfAsync(listener, payload); // a silo that dies after sending half
        var aggregator = new StagingAggregator(_ => Ticket(((IPEndPoint)listener.LocalEndpoint).Port));
        var transfer = aggregator.Staged.Add(payload);

        var fetched = await ChunkedTransfer.FetchAsync(aggregator, transfer, payload.Length, Options, CancellationToken.None);
        await dying;

        Assert.Equal(payload, fetched);
        Assert.True(aggregator.Chunks >= 5);
    }

    [Fact]
    public async Task A_download_with_one_bit_changed_after_it_was_hashed_is_fetched_again_in_chunks_with_the_right_bits()
    {
        var payload = Payload(2_100_000);
        var corrupt = (byte[])payload.Clone();
        corrupt[1_049_353] ^= 0x10;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = ServeAsync(listener, corrupt, ShardML.Runtime.Transfer.PayloadChecksum.Of(payload)); // the bits changed after they were hashed
        var aggregator = new StagingAggregator(_ => Ticket(((IPEndPoint)listener.LocalEndpoint).Port));
        var staged = aggregator.Staged.Add(payload);

        var fetched = await ChunkedTransfer.FetchAsync(aggregator, staged, payload.Length, Options, CancellationToken.None);
        await serving;

        Assert.Equal(payload, fetched);
        Assert.True(aggregator.Chunks >= payload.Length / Options.MaximumMessageBytes);
    }

    [Fact]
    public async Task A_download_with_the_ticket_from_the_silo_reply_asks_for_none_and_arrives_with_the_same_bits()
    {
        var payload = Payload(1_500_000);
        using var endpoint = new ShardML.Runtime.Transfer.BulkEndpoint(IPAddress.Loopback, ShardML.Runtime.Security.SiloCredentials.None, Microsoft.Extensions.Logging.Abstractions.NullLogger<ShardML.Runtime.Transfer.BulkEndpoint>.Instance);
        var aggregator = new StagingAggregator(_ => throw new InvalidOperationException("no ticket call expected"));
        var staged = aggregator.Staged.Add(payload);
        var reply = new SubtreePayload(0, 1, "t", [], staged, payload.Length, endpoint.Open(staged, payload.Length, payload)); // as RunAsync answers

        var fetched = await ChunkedTransfer.DownloadAsync(aggregator, reply, Options, CancellationToken.None);

        Assert.Equal(payload, fetched.Body);
        Assert.Null(fetched.Ticket);
        Assert.Equal(0, aggregator.Tickets);
        Assert.Equal(0, aggregator.Chunks);
        Assert.Equal(1, endpoint.Admitted);
    }

    [Fact]
    public async Task An_upload_after_its_silo_went_away_with_a_kept_connection_arrives_in_chunks()
    {
        var endpoint = new ShardML.Runtime.Transfer.BulkEndpoint(IPAddress.Loopback, ShardML.Runtime.Security.SiloCredentials.None, Microsoft.Extensions.Logging.Abstractions.NullLogger<ShardML.Runtime.Transfer.BulkEndpoint>.Instance);
        var port = 0;
        var aggregator = new StagingAggregator(transfer =>
        {
            if (port != 0)
            {
                return Ticket(port); // the silo's old data plane: the kept connection to it is dead, and nothing listens
            }

            var ticket = endpoint.Open(transfer, 300_000, download: null);
            port = ticket.Port;
            return ticket;
        });
        var first = await ChunkedTransfer.UploadAsync(aggregator, Payload(300_000), Options, CancellationToken.None);
        Assert.True(endpoint.TryTakeReceived(first, out _)); // over the data plane, whose connection the driver keeps
        Assert.Equal(0, aggregator.Chunks);
        endpoint.Dispose();

        var payload = Payload(300_001);
        var transfer = await ChunkedTransfer.UploadAsync(aggregator, payload, Options, CancellationToken.None);

        Assert.Equal(payload, aggregator.Staged.Take(transfer));
        Assert.True(aggregator.Chunks >= 5);
    }

    [Fact]
    public async Task Below_the_threshold_or_with_the_data_plane_off_no_ticket_is_asked_for()
    {
        var aggregator = new StagingAggregator(_ => throw new InvalidOperationException("no ticket expected"));

        await ChunkedTransfer.UploadAsync(aggregator, Payload(1000), Options, CancellationToken.None);
        await ChunkedTransfer.UploadAsync(aggregator, Payload(100_000), Options with { BulkTransferBytes = 0 }, CancellationToken.None);

        Assert.Equal(0, aggregator.Tickets);
    }

    private static async Task ServeAsync(TcpListener listener, byte[] payload, ulong checksum)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.ReadExactlyAsync(new byte[ShardML.Runtime.Transfer.BulkEndpoint.HeaderBytes]);
        await stream.WriteAsync(payload);
        await stream.WriteAsync(BitConverter.GetBytes(checksum)); // little-endian, as the wire's
        await stream.FlushAsync();
        var rest = new byte[1];
        while (await stream.ReadAsync(rest) > 0)
        {
            // until the driver closes the connection it gave up on
        }
    }

    private static async Task ServeHalfAsync(TcpListener listener, byte[] payload)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.ReadExactlyAsync(new byte[ShardML.Runtime.Transfer.BulkEndpoint.HeaderBytes]);
        await stream.WriteAsync(payload.AsMemory(0, payload.Length / 2));
        client.Client.Close(); // cut
    }

    private static BulkTicket Ticket(int port) => new("127.0.0.1", port, new byte[32], null);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed when disposed: connections are refused
    }

    private static byte[] Payload(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        return payload;
    }

    /// <summary>An aggregator that only stages payloads, as the silo's does, and hands out the tickets it is given.</summary>
    private sealed class StagingAggregator(Func<Guid, BulkTicket?> ticket) : ISiloAggregatorGrain
    {
        public StagedPayloads Staged { get; } = new();

        public int Tickets { get; private set; }

        public int Chunks { get; private set; }

        public Task<BulkTicket?> OpenBulkAsync(Guid transfer, long length, bool upload, CancellationToken cancellationToken)
        {
            Tickets++;
            return Task.FromResult(ticket(transfer));
        }

        public Task StageAsync(Guid transfer, long offset, long total, byte[] chunk, CancellationToken cancellationToken)
        {
            Chunks++;
            Staged.Write(transfer, offset, total, chunk);
            return Task.CompletedTask;
        }

        public Task<byte[]> FetchAsync(Guid transfer, long offset, int length, CancellationToken cancellationToken)
        {
            Chunks++;
            return Task.FromResult(Staged.Read(transfer, offset, length));
        }

        public Task DiscardAsync(Guid transfer) => Task.CompletedTask; // kept, so the test can read what was staged

        public Task<PartitionLoaded[]> LoadAsync(string datasetId, PartitionTask[] partitions, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SiloReply> RunAsync(StepBatch batch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SecureShare> RunSecureAsync(StepBatch batch, SecurePass pass, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<MaskingAnnouncement> JoinMaskingAsync(string session, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ReleaseAsync(string datasetId, int[] partitions) => throw new NotSupportedException();

        public Task ReleaseDatasetAsync(string datasetId) => throw new NotSupportedException();

        public Task<LoadAmount> LoadProgressAsync(string datasetId) => throw new NotSupportedException();

        public Task<byte[]?> IdentifyAsync() => throw new NotSupportedException();

        public Task<SiloMemory> MemoryAsync() => throw new NotSupportedException();

        public Task<SiloDescription> DescribeAsync() => throw new NotSupportedException();

        public Task KillAsync() => throw new NotSupportedException();
    }
}
