using System.Net;
using System.Net.Sockets;

namespace ShardML.Cluster.Tests.Support;

internal static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A TCP port nothing listens on right now (the kernel's choice of an ephemeral port), never one handed out before in
    /// this process: the kernel may offer a port again once its listener has closed, and two silos started at once on
    /// one port both bind it (Orleans listens with SO_REUSEPORT) — in CI a cluster then counted three silos and showed two.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>Waits until something accepts TCP connections on <paramref name="port"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"nothing listens on port {port} after {timeout.TotalSeconds:0} s: {diagnostics()}", e);
            }
        }
    }
}
