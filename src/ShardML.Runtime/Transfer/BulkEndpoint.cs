using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Transfer;

/// <summary>
/// A silo's data plane: a socket beside Orleans' for steps and summaries too big to move fast as messages. Orleans
/// stays the control plane — the aggregator hands out a <see cref="BulkTicket"/> in a grain call (so only a caller the
/// cluster let in gets one), and the bytes then go over a connection of their own at the speed of the wire. A connection
/// must name an open offer and present its one-time token, or it is closed without a byte; under the cluster's mutual TLS
/// the stream is TLS with the silo's certificate, which the ticket pins. The listener starts at the first offer, on the
/// silo's own address and a port the system picks, so a silo that never moves big payloads opens nothing.
/// </summary>
/// <remarks>
/// Wire: the client sends the wire's version (1 byte, <see cref="WireVersion"/>), the transfer's id (16 bytes) and the
/// token (32 bytes); a silo of another version closes the connection, and the driver falls back to messages. Then the
/// sender sends the payload and then its <see cref="PayloadChecksum"/> (8 bytes, little-endian); for an upload the silo answers one byte once the payload is whole and checked. The connection
/// then carries the next transfer, which names its own offer and token, or is closed by the client, or by the silo
/// after <see cref="IdleTimeout"/>. Any mismatch closes the connection, and the driver falls back to messages
/// (<see cref="ChunkedTransfer"/>).
/// </remarks>
internal sealed partial class BulkEndpoint(IPAddress address, SiloCredentials credentials, ILogger<BulkEndpoint> logger) : IDisposable
{
    /// <summary>How long an offer waits for its connection: a driver connects at once, or has failed over.</summary>
    public static readonly TimeSpan OfferLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How long a connection may take to say what it wants.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest a transfer may take once started: a peer that froze must not hold its buffer for ever.</summary>
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(10);

    internal const int HeaderBytes = 1 + 16 + TokenBytes;

    /// <summary>The wire's version, first on every transfer: 2 since a download's checksum follows its bytes (in 1 it came in the ticket).</summary>
    internal const byte WireVersion = 2;
    internal const int TokenBytes = 32;
    internal const byte Accepted = 1;

    private static readonly byte[] AcceptedAnswer = [Accepted];

    /// <summary>How long a connection may wait between transfers before the silo closes it: longer than the driver keeps one idle.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, Offer> _offers = new();
    private readonly ConcurrentDictionary<Guid, Received> _received = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly byte[]? _certificateHash = credentials.Certificate is { } c ? SHA256.HashData(c.RawData) : null;
    private Socket? _listener;
    private long _admitted;
    private int _connections;

    /// <summary>How long a connection may wait between transfers (<see cref="DefaultIdleTimeout"/>; shorter in tests).</summary>
    internal TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>The clock offers and received uploads expire by (the system's; a fake one in tests).</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Opens an offer: to receive <paramref name="length"/> bytes for <paramref name="transfer"/> (<paramref name="download"/>
    /// null), or to send <paramref name="download"/>. The bytes are not copied; the caller must not change them. Cheap:
    /// nothing is hashed here (the sender hashes as it sends), so a silo can open a download in the reply that carries it.
    /// </summary>
    public BulkTicket Open(Guid transfer, long length, byte[]? download)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength);
        var port = Start();
        var now = Clock.GetUtcNow();
        foreach (var (id, stale) in _offers)
        {
            if (stale.Expires < now)
            {
                _offers.TryRemove(id, out _);
            }
        }

        // An upload whose step never came (its driver died, or failed over to chunks after the bytes arrived) goes
        // when a staged payload would (StagedPayloads.Lifetime).
        foreach (var (id, unclaimed) in _received)
        {
            if (unclaimed.At < now - StagedPayloads.Lifetime)
            {
                _received.TryRemove(id, out _);
            }
        }

        var token = RandomNumberGenerator.GetBytes(TokenBytes);
        _offers[transfer] = new Offer(token, length, download, now + OfferLifetime);
        return new BulkTicket(address.ToString(), port, token, _certificateHash);
    }

    /// <summary>An upload that arrived whole and checked, forgotten here.</summary>
    public bool TryTakeReceived(Guid transfer, out byte[] payload)
    {
        var taken = _received.TryRemove(transfer, out var received);
        payload = received?.Payload ?? [];
        return taken;
    }

    /// <summary>Forgets an offer and anything it received.</summary>
    public void Forget(Guid transfer)
    {
        _offers.TryRemove(transfer, out _);
        _received.TryRemove(transfer, out _);
    }

    /// <summary>Offers and received uploads held now.</summary>
    public int Held => _offers.Count + _received.Count;

    /// <summary>Connections this endpoint let in (an open offer, its token): the transfers it started, both ways.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Connections open to this endpoint now, idle between transfers or carrying one.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_lock)
        {
            _listener?.Dispose();
        }

        _stopping.Dispose();
    }

    private int Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_listener is null)
            {
                // Where the silo listens for Orleans: its loopback address, or every address when it advertises another
                // (which may be a NAT's, not this host's).
                var bound = IPAddress.IsLoopback(address) ? address : address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                var listener = new Socket(bound.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    listener.Bind(new IPEndPoint(bound, 0));
                    listener.Listen(64);
                }
                catch
                {
                    listener.Dispose();
                    throw;
                }

                _listener = listener;
                _ = AcceptAsync(listener);
                LogListening(logger, listener.LocalEndPoint?.ToString() ?? "?", _certificateHash is null ? "plain TCP" : "TLS");
            }

            return ((IPEndPoint)_listener.LocalEndPoint!).Port;
        }
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue; // one connection that failed to complete is no reason to stop listening
            }

            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using var socket = connection;
        Interlocked.Increment(ref _connections);
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            BulkSockets.Tune(socket);
            using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            handshake.CancelAfter(HandshakeTimeout);
            await using var stream = await SecureAsync(new NetworkStream(socket, ownsSocket: false), handshake.Token);
            var header = new byte[HeaderBytes];
            for (var first = true; ; first = false)
            {
                // One transfer after another on the same connection, each with a token of its own: the client keeps
                // connections between transfers (BulkConnectionPool) and may close one whenever no transfer is on it.
                int read;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    idle.CancelAfter(first ? HandshakeTimeout : IdleTimeout);
                    read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, idle.Token);
                }

                if (read == 0 && !first)
                {
                    return; // closed between transfers
                }

                if (read == header.Length && header[0] != WireVersion)
                {
                    LogVersion(logger, remote, header[0], WireVersion);
                    return; // closed without a byte: the driver falls back to messages
                }

                var transfer = read == header.Length ? new Guid(header.AsSpan(1, 16)) : Guid.Empty;
                if (read != header.Length
                    || !_offers.TryGetValue(transfer, out var offer)
                    || !CryptographicOperations.FixedTimeEquals(header.AsSpan(17, TokenBytes), offer.Token)
                    || offer.Expires < Clock.GetUtcNow()
                    || !_offers.TryRemove(new KeyValuePair<Guid, Offer>(transfer, offer)))
                {
                    LogRefused(logger, remote);
                    return; // closed without a byte: no offer, a wrong token, or one already used
                }

                Interlocked.Increment(ref _admitted);
                // A deadline of its own, not the idle one's extended: a header read just as the idle deadline fired
                // would otherwise spend its token on a transfer cancelled at once, and the driver's retry on a new
                // connection find no offer (seen in BulkConnectionPoolTests under a loaded CI machine).
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                deadline.CancelAfter(TransferTimeout);
                if (offer.Download is { } payload)
                {
                    var sent = await PayloadChecksum.WriteAsync(stream, payload, deadline.Token);
                    var checksum = new byte[sizeof(ulong)];
                    BinaryPrimitives.WriteUInt64LittleEndian(checksum, sent);
                    await stream.WriteAsync(checksum, deadline.Token);
                    await stream.FlushAsync(deadline.Token);
                    continue;
                }

                var body = BulkBuffers.Shared.Rent((int)offer.Length); // given back when the step has run (SiloAggregatorGrain)
                var trailer = new byte[sizeof(ulong)];
                ulong received;
                try
                {
                    received = await PayloadChecksum.ReadAsync(stream, body, deadline.Token);
                    await stream.ReadExactlyAsync(trailer, deadline.Token);
                }
                catch
                {
                    BulkBuffers.Shared.Return(body);
                    throw;
                }

                if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != received)
                {
                    BulkBuffers.Shared.Return(body);
                    LogCorrupt(logger, remote, transfer);
                    return;
                }

                _received[transfer] = new Received(body, Clock.GetUtcNow());
                await stream.WriteAsync(AcceptedAnswer, deadline.Token);
                await stream.FlushAsync(deadline.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
        {
            LogFailed(logger, remote, e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    private async Task<Stream> SecureAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (credentials.Certificate is not { } certificate)
        {
            return stream;
        }

        // The client proves itself with the token, which only a caller the cluster authenticated was given; the server
        // proves itself with the certificate the ticket pins. So no client certificate is asked for here.
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
                cancellationToken);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private sealed record Offer(byte[] Token, long Length, byte[]? Download, DateTimeOffset Expires);

    private sealed record Received(byte[] Payload, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data plane listening on {Endpoint} ({Security})")]
    private static partial void LogListening(ILogger logger, string endpoint, string security);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data plane refused a connection from {Remote}: no open offer for it, or a wrong token")]
    private static partial void LogRefused(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data plane refused a connection from {Remote}: it speaks wire version {Version}, this silo {Expected} (a driver of another build); it falls back to messages")]
    private static partial void LogVersion(ILogger logger, string remote, byte version, byte expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data plane: the upload {Transfer} from {Remote} did not match its checksum; dropped")]
    private static partial void LogCorrupt(ILogger logger, string remote, Guid transfer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Data plane connection from {Remote} ended early: {Reason}")]
    private static partial void LogFailed(ILogger logger, string remote, string reason);
}
