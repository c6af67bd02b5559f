using System.Diagnostics;
using ShardML.Runtime.Grains;

namespace ShardML.Runtime.Transfer;

/// <summary>
/// Times the driver's transfers to one silo and back as passes make them (<see cref="ChunkedTransfer"/>): a payload
/// staged on the silo, as a big step is, then fetched back, as a big summary is (with the ticket a pass's reply brings),
/// and compared with what was sent.
/// </summary>
internal static class ExchangeProbe
{
    public static async Task<ExchangeMeasurement> MeasureAsync(
        ISiloAggregatorGrain aggregator, string silo, int bytes, int rounds, ClusterExecutorOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var payload = new byte[bytes];
        new Random(42).NextBytes(payload);
        var same = true;
        async Task<ExchangePath> TimeAsync(ClusterExecutorOptions route)
        {
            var up = new double[rounds];
            var down = new double[rounds];
            for (var i = -1; i < rounds; i++) // round -1 warms the path up: connections, the listener, compiled code
            {
                var clock = Stopwatch.StartNew();
                var transfer = await ChunkedTransfer.UploadAsync(aggregator, payload, route, cancellationToken);
                var upload = clock.Elapsed.TotalSeconds;
                // A pass's summary comes with its ticket in the silo's reply (SiloAggregatorGrain.RunAsync), which the
                // pass waits for anyway: so the ticket is asked for here before the clock starts, as a reply would bring it.
                var ticket = route.BulkTransferBytes > 0 ? await aggregator.OpenBulkAsync(transfer, payload.LongLength, upload: false, cancellationToken) : null;
                clock.Restart();
                var back = await ChunkedTransfer.FetchAsync(aggregator, transfer, payload.LongLength, route, ticket, cancellationToken);
                var download = clock.Elapsed.TotalSeconds;
                same &= back.AsSpan().SequenceEqual(payload);
                BulkBuffers.Shared.Return(back); // read, as a pass returns a summary it has decoded
                if (i >= 0)
                {
                    up[i] = upload;
                    down[i] = download;
                }
            }

            return new ExchangePath(Median(up), Median(down), bytes);
        }

        var messages = await TimeAsync(options with { BulkTransferBytes = 0 });
        var dataPlane = options.BulkTransferBytes > 0 && bytes >= options.BulkTransferBytes ? await TimeAsync(options) : null;
        return new ExchangeMeasurement(silo, bytes, rounds, messages, dataPlane, same);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
