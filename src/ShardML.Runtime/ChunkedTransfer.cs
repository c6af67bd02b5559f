using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Transfer;

namespace ShardML.Runtime;

/// <summary>
/// The driver's side of moving payloads bigger than one message to and from a silo's aggregator. From
/// <see cref="ClusterExecutorOptions.BulkTransferBytes"/> up they go over the silo's data plane (<see cref="BulkEndpoint"/>)
/// — one grain call for a ticket (or none, for a summary whose ticket came in the silo's reply), then the bytes on a
/// socket of their own; otherwise, and whenever the data plane fails
/// (no ticket, a refused or broken connection, a checksum that does not match), chunk by chunk in grain calls of at most
/// <see cref="ClusterExecutorOptions.MaximumMessageBytes"/>. Either way the silo sees the same bytes under the same kind
/// of transfer id, and a silo that dies fails the call as before, so the pass retries its share elsewhere.
/// </summary>
internal static class ChunkedTransfer
{
    /// <summary>Sends <paramref name="payload"/> to be staged on the silo; returns its transfer id.</summary>
    public static async Task<Guid> UploadAsync(ISiloAggregatorGrain aggregator, byte[] payload, ClusterExecutorOptions options, CancellationToken cancellationToken)
    {
        if (UsesDataPlane(payload.LongLength, options))
        {
            var bulk = Guid.NewGuid();
            try
            {
                var ticketCall = aggregator.OpenBulkAsync(bulk, payload.LongLength, upload: true, cancellationToken);
                var checksum = BulkClient.Checksum(payload); // while the call is out: the hash needs no ticket
                if (await ticketCall is { } ticket)
                {
                    await BulkClient.SendAsync(BulkConnectionPool.Shared, ticket, bulk, payload, checksum, cancellationToken);
                    return bulk;
                }
            }
            catch (Exception e) when (DataPlaneFailed(e, cancellationToken))
            {
                _ = DiscardQuietlyAsync(aggregator, bulk); // a fresh id below: nothing half-received can be taken for it
            }
        }

        var chunkBytes = options.MaximumMessageBytes;
        var transfer = Guid.NewGuid();
        for (long offset = 0; offset < payload.LongLength; offset += chunkBytes)
        {
            var length = (int)Math.Min(chunkBytes, payload.LongLength - offset);
            await aggregator.StageAsync(transfer, offset, payload.LongLength, payload.AsSpan((int)offset, length).ToArray(), cancellationToken);
        }

        return transfer;
    }

    /// <summary>Fetches a staged summary and lets the silo forget it; other subtrees pass through.</summary>
    public static async Task<SubtreePayload> DownloadAsync(ISiloAggregatorGrain aggregator, SubtreePayload subtree, ClusterExecutorOptions options, CancellationToken cancellationToken)
    {
        if (subtree.Staged is not { } transfer)
        {
            return subtree;
        }

        var body = await FetchAsync(aggregator, transfer, subtree.StagedLength, options, subtree.Ticket, cancellationToken);
        return subtree with { Body = body, Staged = null, StagedLength = 0, Ticket = null };
    }

    /// <summary>Fetches a staged payload of <paramref name="length"/> bytes and lets the silo forget it.</summary>
    public static Task<byte[]> FetchAsync(ISiloAggregatorGrain aggregator, Guid transfer, long length, ClusterExecutorOptions options, CancellationToken cancellationToken) =>
        FetchAsync(aggregator, transfer, length, options, ticket: null, cancellationToken);

    /// <summary>
    /// Fetches a staged payload of <paramref name="length"/> bytes with <paramref name="ticket"/>, the silo's offer of it
    /// (asked for when null), and lets the silo forget it.
    /// </summary>
    public static async Task<byte[]> FetchAsync(
        ISiloAggregatorGrain aggregator, Guid transfer, long length, ClusterExecutorOptions options, BulkTicket? ticket, CancellationToken cancellationToken)
    {
        try
        {
            if (UsesDataPlane(length, options))
            {
                try
                {
                    if ((ticket ?? await aggregator.OpenBulkAsync(transfer, length, upload: false, cancellationToken)) is { } offer)
                    {
                        return await BulkClient.ReceiveAsync(offer, transfer, length, cancellationToken);
                    }
                }
                catch (Exception e) when (DataPlaneFailed(e, cancellationToken))
                {
                    // The payload stays staged on the silo until discarded: fetch it in chunks instead.
                }
            }

            var chunkBytes = options.MaximumMessageBytes;
            var body = new byte[length];
            for (long offset = 0; offset < body.LongLength; offset += chunkBytes)
            {
                var chunk = await aggregator.FetchAsync(transfer, offset, (int)Math.Min(chunkBytes, body.LongLength - offset), cancellationToken);
                chunk.CopyTo(body, offset);
            }

            return body;
        }
        finally
        {
            _ = DiscardQuietlyAsync(aggregator, transfer);
        }
    }

    private static bool UsesDataPlane(long length, ClusterExecutorOptions options) => options.BulkTransferBytes > 0 && length >= options.BulkTransferBytes;

    /// <summary>A data-plane failure to fall back from: anything but the caller's own cancellation.</summary>
    private static bool DataPlaneFailed(Exception e, CancellationToken cancellationToken) =>
        e is not OutOfMemoryException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static async Task DiscardQuietlyAsync(ISiloAggregatorGrain aggregator, Guid transfer)
    {
        try
        {
            await aggregator.DiscardAsync(transfer).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The silo's staged payloads and data-plane offers expire on their own (StagedPayloads, BulkEndpoint).
        }
    }
}
