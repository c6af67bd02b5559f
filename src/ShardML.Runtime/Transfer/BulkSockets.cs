using System.Net.Sockets;

namespace ShardML.Runtime.Transfer;

/// <summary>Socket settings both ends of the data plane share.</summary>
internal static class BulkSockets
{
    /// <summary>Kernel buffers big enough that a megabytes-long write is not paced by acknowledgements on a fast link.</summary>
    private const int BufferBytes = 4 << 20;

    public static void Tune(Socket socket)
    {
        socket.NoDelay = true;
        socket.SendBufferSize = BufferBytes;
        socket.ReceiveBufferSize = BufferBytes;
    }
}
