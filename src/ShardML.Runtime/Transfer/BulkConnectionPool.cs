using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Transfer;

/// <summary>
/// The driver's open data-plane connections, by silo endpoint and pinned certificate, so that a transfer after the first
/// to the same silo starts writing at once: no TCP or TLS handshake, no slow start on a fresh connection. A connection
/// is taken for one transfer at a time and given back only when that transfer ended cleanly; one idle longer than
/// <see cref="IdleLifetime"/> (less than the silo's <see cref="BulkEndpoint.DefaultIdleTimeout"/>, so the silo never closes one
/// the pool still offers) or that the silo closed is dropped, and at most <see cref="IdlePerEndpoint"/> wait per silo.
/// Tokens stay one per transfer: a kept connection admits nothing by itself (<see cref="BulkEndpoint"/>).
/// </summary>
internal sealed class BulkConnectionPool : IDisposable
{
    /// <summary>The process's pool: the driver's transfers to every silo share it.</summary>
    public static BulkConnectionPool Shared { get; } = new(TimeSpan.FromSeconds(20));

    /// <summary>Idle connections kept per silo: one per transfer the driver runs at once to it, within reason.</summary>
    public const int IdlePerEndpoint = 4;

    private readonly Dictionary<string, Stack<BulkConnection>> _idle = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Timer _sweeper;
    private readonly bool _checkIdle;
    private long _opened;
    private bool _disposed;

    /// <param name="idleLifetime">How long a connection may wait between transfers before it is closed.</param>
    /// <param name="checkIdle">Whether to look at a kept connection before using it (off only to test what happens when a
    /// connection dies after the look).</param>
    public BulkConnectionPool(TimeSpan idleLifetime, bool checkIdle = true)
    {
        IdleLifetime = idleLifetime;
        _checkIdle = checkIdle;
        _sweeper = new Timer(_ => Sweep(), null, idleLifetime, idleLifetime);
    }

    public TimeSpan IdleLifetime { get; }

    /// <summary>Connections this pool has opened since it was made.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>Connections waiting for a transfer now.</summary>
    public int Idle
    {
        get
        {
            lock (_lock)
            {
                return _idle.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>
    /// A connection to the ticket's silo: a kept one that still looks open (Reused), or a new one (also when <paramref name="fresh"/>),
    /// checked against the ticket's certificate under TLS.
    /// </summary>
    public async Task<(BulkConnection Connection, bool Reused)> RentAsync(BulkTicket ticket, bool fresh, CancellationToken cancellationToken)
    {
        var key = KeyOf(ticket);
        while (!fresh && TakeIdle(key) is { } kept)
        {
            if (!_checkIdle || (kept.LooksOpen() && Environment.TickCount64 - kept.IdleSince < IdleLifetime.TotalMilliseconds))
            {
                return (kept, true);
            }

            await kept.DisposeAsync();
        }

        return (await ConnectAsync(ticket, key, cancellationToken), false);
    }

    /// <summary>Keeps a connection whose transfer ended cleanly for the next one; any other is to be disposed, not returned.</summary>
    public async ValueTask ReturnAsync(BulkConnection connection)
    {
        connection.Finished();
        lock (_lock)
        {
            if (!_disposed)
            {
                if (!_idle.TryGetValue(connection.Key, out var stack))
                {
                    _idle[connection.Key] = stack = new Stack<BulkConnection>();
                }

                if (stack.Count < IdlePerEndpoint)
                {
                    stack.Push(connection);
                    return;
                }
            }
        }

        await connection.DisposeAsync();
    }

    public void Dispose()
    {
        List<BulkConnection> closing;
        lock (_lock)
        {
            _disposed = true;
            closing = [.. _idle.Values.SelectMany(s => s)];
            _idle.Clear();
        }

        _sweeper.Dispose();
        foreach (var connection in closing)
        {
            connection.Close();
        }
    }

    private BulkConnection? TakeIdle(string key)
    {
        lock (_lock)
        {
            return _idle.TryGetValue(key, out var stack) && stack.TryPop(out var connection) ? connection : null;
        }
    }

    /// <summary>Closes connections idle too long or closed by their silo, so that a pool nobody uses holds no sockets.</summary>
    private void Sweep()
    {
        var now = Environment.TickCount64;
        var closing = new List<BulkConnection>();
        lock (_lock)
        {
            foreach (var (key, stack) in _idle)
            {
                var keep = stack.Where(c => now - c.IdleSince < IdleLifetime.TotalMilliseconds && c.LooksOpen()).Reverse().ToArray();
                closing.AddRange(stack.Except(keep));
                stack.Clear();
                foreach (var connection in keep)
                {
                    stack.Push(connection);
                }
            }

            foreach (var empty in _idle.Where(p => p.Value.Count == 0).Select(p => p.Key).ToArray())
            {
                _idle.Remove(empty);
            }
        }

        foreach (var connection in closing)
        {
            connection.Close();
        }
    }

    private static string KeyOf(BulkTicket ticket) =>
        $"{ticket.Host}|{ticket.Port}|{(ticket.CertificateHash is { } hash ? Convert.ToHexString(hash) : "plain")}";

    private async Task<BulkConnection> ConnectAsync(BulkTicket ticket, string key, CancellationToken cancellationToken)
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
                // connection goes to that silo or nowhere, whatever chain the certificate has. The pool's key holds the
                // same hash, so the connection only ever serves tickets that pin this certificate.
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
                    certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pinned));
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = ticket.Host, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
                    cancellationToken);
            }

            Interlocked.Increment(ref _opened);
            return new BulkConnection(socket, stream, key);
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
