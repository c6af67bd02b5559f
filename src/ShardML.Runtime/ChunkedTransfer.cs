using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime;

/// <summary>The driver's side of moving payloads bigger than one message to and from a silo's aggregator, chunk by chunk.</summary>
internal static class ChunkedTransfer
{
    /// <summary>Sends <paramref name="payload"/> in chunks of at most <paramref name="chunkBytes"/>; returns its transfer id.</summary>
    public static async Task<Guid> UploadAsync(ISiloAggregatorGrain aggregator, byte[] payload, int chunkBytes, CancellationToken cancellationToken)
    {
        var transfer = Guid.NewGuid();
        for (long offset = 0; offset < payload.LongLength; offset += chunkBytes)
        {
            var length = (int)Math.Min(chunkBytes, payload.LongLength - offset);
            await aggregator.StageAsync(transfer, offset, payload.LongLength, payload.AsSpan((int)offset, length).ToArray(), cancellationToken);
        }

        return transfer;
    }

    /// <summary>Fetches a staged summary in chunks and lets the silo forget it; other subtrees pass through.</summary>
    public static async Task<SubtreePayload> DownloadAsync(ISiloAggregatorGrain aggregator, SubtreePayload subtree, int chunkBytes, CancellationToken cancellationToken)
    {
        if (subtree.Staged is not { } transfer)
        {
            return subtree;
        }

        return subtree with { Body = await FetchAsync(aggregator, transfer, subtree.StagedLength, chunkBytes, cancellationToken), Staged = null, StagedLength = 0 };
    }

    /// <summary>Fetches a staged payload of <paramref name="length"/> bytes in chunks and lets the silo forget it.</summary>
    public static async Task<byte[]> FetchAsync(ISiloAggregatorGrain aggregator, Guid transfer, long length, int chunkBytes, CancellationToken cancellationToken)
    {
        try
        {
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

    private static async Task DiscardQuietlyAsync(ISiloAggregatorGrain aggregator, Guid transfer)
    {
        try
        {
            await aggregator.DiscardAsync(transfer).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The silo's staged payloads expire on their own (StagedPayloads).
        }
    }
}
