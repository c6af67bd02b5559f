using ShardML.Runtime.Security;
using ShardML.Runtime.Transfer;

namespace ShardML.Runtime.Tests.Transfer;

/// <summary>
/// A kept connection's next transfer can start just as the silo's idle deadline fires. Whichever way the race goes the
/// bytes must arrive: either the silo read the header in time and serves the transfer whole, or it closed the connection
/// unread and the driver's retry on a new one finds the offer unspent. Runs alone: it keeps the cores busy on purpose,
/// because the race needs a silo whose continuations run late (before the fix, 1–3 of the 400 transfers were lost in
/// each of four runs; none in four runs after).
/// </summary>
[Collection(nameof(BulkEndpointIdleDeadlineTests))]
public sealed class BulkEndpointIdleDeadlineTests : IDisposable
{
    private readonly LoopbackDataPlane _plane = new();

    [Fact]
    public async Task A_transfer_whose_header_arrives_as_the_idle_deadline_fires_still_arrives()
    {
        var endpoint = _plane.Endpoint(SiloCredentials.None, idleTimeout: TimeSpan.FromMilliseconds(10));
        var pool = _plane.Pool(TimeSpan.FromMinutes(1));
        var random = new Random(1);
        using var stop = new CancellationTokenSource();
        var busy = Enumerable.Range(0, 3).Select(_ => Task.Run(() => Spin(stop.Token))).ToArray();
        var lost = 0;
        try
        {
            for (var i = 0; i < 400; i++)
            {
                var payload = LoopbackDataPlane.Payload(1000 + (i % 7));
                var transfer = Guid.NewGuid();
                try
                {
                    Assert.Equal(payload, await BulkClient.ReceiveAsync(pool, endpoint.Open(transfer, payload.Length, payload), transfer, payload.Length, CancellationToken.None));
                }
                catch (EndOfStreamException)
                {
                    lost++; // the silo took the token, then closed the connection without the bytes
                }

                Thread.Sleep(8 + random.Next(5)); // about the idle deadline: the next header lands on either side of it
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(busy);
        }

        Assert.Equal(0, lost);
    }

    public void Dispose() => _plane.Dispose();

    private static void Spin(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Thread.SpinWait(1000);
        }
    }
}

[CollectionDefinition(nameof(BulkEndpointIdleDeadlineTests), DisableParallelization = true)]
public sealed class RunsAlone;
