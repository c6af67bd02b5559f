using System.Security.Cryptography.X509Certificates;

namespace ShardML.Runtime.Security;

/// <summary>This node's current <see cref="CallerToken"/>, issued again ten minutes before it expires.</summary>
internal sealed class NodeToken(X509Certificate2 certificate, TimeProvider time)
{
    private readonly Lock _lock = new();
    private byte[] _token = [];
    private DateTimeOffset _renewAt = DateTimeOffset.MinValue;

    public byte[] Current
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_lock)
            {
                if (now >= _renewAt)
                {
                    _token = CallerToken.Issue(certificate, now);
                    _renewAt = now + CallerToken.Lifetime - TimeSpan.FromMinutes(10);
                }

                return _token;
            }
        }
    }
}
