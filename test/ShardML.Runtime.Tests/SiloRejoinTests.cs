using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests;

/// <summary>
/// A silo asked to join again (its entry lost by the membership store) does so in the same process
/// (<see cref="ShardSilo.RunAsync"/>), and once it has joined it never exits on its own: a failure on the way back is
/// retried, not thrown. Before, anything but a failed host start on a rejoin ended the process.
/// </summary>
public sealed class SiloRejoinTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("shardml-rejoin-").FullName;

    [Fact]
    public async Task A_silo_asked_to_join_again_does_so_in_place_and_a_rejoin_that_fails_is_tried_again()
    {
        var ports = ShardSilo.Embedded(); // two free ports
        var settings = ports with
        {
            ClusterId = "rejoin-" + Guid.NewGuid().ToString("N"),
            Membership = new LocalMembership(new IPEndPoint(IPAddress.Loopback, ports.SiloPort)),
            State = new FileStateStore(_state),
            AllowAnyPath = true,
        };
        var starts = new List<(int Start, string? Reason)>();
        using var done = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await ShardSilo.RunAsync(
            settings,
            [],
            null,
            async (host, start, reason) =>
            {
                lock (starts)
                {
                    starts.Add((start, reason));
                }

                switch (start)
                {
                    case 0: // what MembershipWatch asks for when the store forgot this silo (LosingTheClusterTests wipes a real Redis)
                        host.Services.GetRequiredService<SiloRestartSignal>().Request("the membership store lost this silo's entry");
                        break;
                    case 1:
                        throw new InvalidOperationException("the first rejoin fails");
                    default:
                        await done.CancelAsync(); // joined again after the failure: stop the silo
                        break;
                }
            },
            TimeSpan.FromSeconds(5),
            done.Token);

        Assert.Equal([0, 1, 2], starts.Select(s => s.Start));
        Assert.Null(starts[0].Reason);
        Assert.All(starts.Skip(1), s => Assert.Equal("the membership store lost this silo's entry", s.Reason));
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
