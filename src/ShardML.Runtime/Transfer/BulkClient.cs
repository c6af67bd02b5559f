using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Transfer;

/// <summary>The driver's end of the data plane (<see cref="BulkEndpoint"/>): one connection per ticket.</summary>
internal static class BulkClient
{
    /// <summary>Sends <paramref name="payload"/> and waits until the silo has it whole and checked.</summary>
    public static async Task SendAsync(BulkTicket ticket, Guid transfer, byte[] payload, CancellationToken cancellationToken)
    {
        await using var stream = await ConnectAsync(ticket, transfer, cancellationToken);
        await stream.WriteAsync(payload, cancellationToken);
        var trailer = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, XxHash3.HashToUInt64(payload));
        await stream.WriteAsync(trailer, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        var answer = new byte[1];
        if (await stream.ReadAsync(answer, cancellationToken) != 1 || answer[0] != BulkEndpoint.Accepted)
        {
            throw new IOException($"silo {ticket.Host} closed the data plane without taking transfer {transfer}");
        }
    }

    /// <summary>Receives the <paramref name="length"/> bytes the ticket offers and checks them against its checksum.</summary>
    public static async Task<byte[]> ReceiveAsync(BulkTicket ticket, Guid transfer, long length, CancellationToken cancellationToken)
    {
        await using var stream = await ConnectAsync(ticket, transfer, cancellationToken);
        var body = GC.AllocateUninitializedArray<byte>(checked((int)length));
        await stream.ReadExactlyAsync(body, cancellationToken);
        return XxHash3.HashToUInt64(body) == ticket.Checksum
            ? body
            : throw new IOException($"transfer {transfer} from silo {ticket.Host} did not match its checksum");
    }

    private static async Task<Stream> ConnectAsync(BulkTicket ticket, Guid transfer, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Stream? stream = null;
        try
        {
            BulkSockets.Tune(socket);
            await socket.ConnectAsync(ticket.Host, ticket.Port, cancellationToken);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (ticket.CertificateHash is { } pinned)
            {
                // The ticket came over the cluster's authenticated messages and names the certificate to expect: this
                // connection goes to that silo or nowhere, whatever chain the certificate has.
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
                    certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pinned));
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = ticket.Host, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
                    cancellationToken);
            }

            var header = new byte[BulkEndpoint.HeaderBytes];
            transfer.TryWriteBytes(header.AsSpan(0, 16));
            ticket.Token.CopyTo(header, 16);
            await stream.WriteAsync(header, cancellationToken);
            return stream;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }
}
