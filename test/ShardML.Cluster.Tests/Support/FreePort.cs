using System.Net;
using System.Net.Sockets;

namespace ShardML.Cluster.Tests.Support;

internal static class FreePort
{
    /// <summary>A TCP port nothing listens on right now (the kernel's choice of an ephemeral port).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
