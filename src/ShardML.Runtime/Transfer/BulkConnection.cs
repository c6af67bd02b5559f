using System.Net.Sockets;

namespace ShardML.Runtime.Transfer;

/// <summary>
/// One open data-plane connection from the driver to a silo's <see cref="BulkEndpoint"/>: the socket, the stream over it
/// (TLS to the certificate <see cref="Key"/> pins, or the socket itself), and when it was last between transfers. Kept
/// by <see cref="BulkConnectionPool"/> so that a pair of processes pays for TCP's and TLS's handshakes once, not per payload.
/// </summary>
internal sealed class BulkConnection(Socket socket, Stream stream, string key) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;

    /// <summary>The silo's host and port and the certificate hash the connection was checked against.</summary>
    public string Key { get; } = key;

    /// <summary>When the connection last finished a transfer (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSince { get; private set; } = Environment.TickCount64;

    /// <summary>Transfers this connection has finished.</summary>
    public int Transfers { get; private set; }

    public void Finished()
    {
        Transfers++;
        IdleSince = Environment.TickCount64;
    }

    /// <summary>
    /// Whether the connection can carry another transfer as far as can be told without sending: between transfers the
    /// silo sends nothing, so a readable socket means it closed or reset the connection (or broke the protocol).
    /// </summary>
    public bool LooksOpen()
    {
        try
        {
            return socket.Connected && !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync(); // the stream owns the socket

    /// <summary>Closes an idle connection where no one can wait for it (no transfer is on it, so nothing is flushed).</summary>
    public void Close() => Stream.Dispose();
}
