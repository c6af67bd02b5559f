using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Runtime.Security;
using ShardML.Runtime.Transfer;

namespace ShardML.Runtime.Tests.Transfer;

/// <summary>Data-plane ends on loopback for a test, disposed with it, and deterministic payloads to send through them.</summary>
internal sealed class LoopbackDataPlane : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public BulkEndpoint Endpoint(SiloCredentials credentials, TimeSpan? idleTimeout = null) =>
        Own(new BulkEndpoint(IPAddress.Loopback, credentials, NullLogger<BulkEndpoint>.Instance) { IdleTimeout = idleTimeout ?? BulkEndpoint.DefaultIdleTimeout });

    public BulkConnectionPool Pool(TimeSpan idleLifetime, bool checkIdle = true) => Own(new BulkConnectionPool(idleLifetime, checkIdle));

    /// <summary>Disposes <paramref name="owned"/> with the plane.</summary>
    public T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    /// <summary><paramref name="length"/> random bytes, the same for the same length.</summary>
    public static byte[] Payload(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        return payload;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
