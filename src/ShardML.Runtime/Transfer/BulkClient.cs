using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Authentication;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Transfer;

/// <summary>
/// The driver's end of the data plane (<see cref="BulkEndpoint"/>): each ticket's transfer on a connection from the pool
/// (<see cref="BulkConnectionPool"/>). A kept connection the silo closed since its last transfer shows only when used,
/// so a transfer that fails on one is tried once more on a new connection; the token is still unused unless the silo
/// read it, and then the silo refuses it and the caller falls back to messages.
/// </summary>
internal static class BulkClient
{
    /// <summary>Sends <paramref name="payload"/> and waits until the silo has it whole and checked.</summary>
    public static Task SendAsync(BulkTicket ticket, Guid transfer, byte[] payload, CancellationToken cancellationToken) =>
        SendAsync(BulkConnectionPool.Shared, ticket, transfer, payload, Checksum(payload), cancellationToken);

    /// <summary>
    /// The checksum an upload carries (<see cref="PayloadChecksum"/>), taken before the first byte goes: the driver takes
    /// it while its call for the ticket is out (<see cref="ChunkedTransfer"/>), so it costs the transfer nothing.
    /// </summary>
    public static ulong Checksum(byte[] payload) => PayloadChecksum.Of(payload);

    /// <summary>Sends <paramref name="payload"/>, whose <see cref="Checksum"/> is <paramref name="checksum"/>.</summary>
    public static Task SendAsync(BulkConnectionPool pool, BulkTicket ticket, Guid transfer, byte[] payload, ulong checksum, CancellationToken cancellationToken)
    {
        var trailer = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, checksum);
        return OnConnectionAsync(pool, ticket, async stream =>
        {
            await WriteHeaderAsync(stream, ticket, transfer, cancellationToken);
            await stream.WriteAsync(payload, cancellationToken);
            await stream.WriteAsync(trailer, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            var answer = new byte[1];
            if (await stream.ReadAsync(answer, cancellationToken) != 1 || answer[0] != BulkEndpoint.Accepted)
            {
                throw new IOException($"silo {ticket.Host} closed the data plane without taking transfer {transfer}");
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Receives the <paramref name="length"/> bytes the ticket offers and checks them against the checksum the silo sends
    /// after them. The array
    /// comes from <see cref="BulkBuffers.Shared"/>: the caller gives it back there once it has decoded it.
    /// </summary>
    public static Task<byte[]> ReceiveAsync(BulkTicket ticket, Guid transfer, long length, CancellationToken cancellationToken) =>
        ReceiveAsync(BulkConnectionPool.Shared, ticket, transfer, length, cancellationToken);

    public static Task<byte[]> ReceiveAsync(BulkConnectionPool pool, BulkTicket ticket, Guid transfer, long length, CancellationToken cancellationToken) =>
        OnConnectionAsync(pool, ticket, async stream =>
        {
            await WriteHeaderAsync(stream, ticket, transfer, cancellationToken);
            var body = BulkBuffers.Shared.Rent(checked((int)length));
            var trailer = new byte[sizeof(ulong)];
            ulong received;
            try
            {
                received = await PayloadChecksum.ReadAsync(stream, body, cancellationToken);
                await stream.ReadExactlyAsync(trailer, cancellationToken);
            }
            catch
            {
                BulkBuffers.Shared.Return(body);
                throw;
            }

            if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != received)
            {
                BulkBuffers.Shared.Return(body);
                throw new InvalidDataException($"transfer {transfer} from silo {ticket.Host} did not match its checksum"); // not retried: the token is spent
            }

            return body;
        }, cancellationToken);

    /// <summary>
    /// Runs one transfer on a pooled connection and gives the connection back if the transfer ended cleanly; a failure on
    /// a kept connection is tried again on a new one, any other failure closes the connection and is the caller's.
    /// </summary>
    private static async Task<T> OnConnectionAsync<T>(BulkConnectionPool pool, BulkTicket ticket, Func<Stream, Task<T>> transfer, CancellationToken cancellationToken)
    {
        for (var fresh = false; ; fresh = true)
        {
            var (connection, reused) = await pool.RentAsync(ticket, fresh, cancellationToken);
            T result;
            try
            {
                result = await transfer(connection.Stream);
            }
            catch (Exception e) when (reused && IsBrokenConnection(e) && !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                continue; // the silo closed the kept connection since its last transfer: once more on a new one
            }
            catch
            {
                await connection.DisposeAsync(); // half a transfer may be on the wire: the connection cannot carry another
                throw;
            }

            await pool.ReturnAsync(connection);
            return result;
        }
    }

    private static bool IsBrokenConnection(Exception e) => e is IOException or SocketException or ObjectDisposedException or AuthenticationException;

    private static async Task WriteHeaderAsync(Stream stream, BulkTicket ticket, Guid transfer, CancellationToken cancellationToken)
    {
        var header = new byte[BulkEndpoint.HeaderBytes];
        header[0] = BulkEndpoint.WireVersion;
        transfer.TryWriteBytes(header.AsSpan(1, 16));
        ticket.Token.CopyTo(header, 17);
        await stream.WriteAsync(header, cancellationToken);
    }
}
