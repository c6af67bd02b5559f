using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using ShardML.Runtime.Grains;

namespace ShardML.Runtime.Security;

/// <summary>
/// The active silos that proved to be the cluster's: membership lists whatever wrote itself into the store, so before a
/// silo is placed on it must answer, over the cluster's mutual TLS, with a caller token whose certificate chains to the
/// cluster's CA, is a silo's, and (when it names IP addresses) names the silo's. A listed silo that fails — it runs
/// without TLS, with another CA's certificate, or is not there — is never placed on; it is asked again after a while.
/// </summary>
internal sealed partial class VerifiedMembershipView(IMembershipView inner, IGrainFactory grains, X509Certificate2 authority, ILogger logger) : IMembershipView
{
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failed = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken)
    {
        var active = await inner.ActiveSilosAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(active.Where(s => !(_verified.TryGetValue(s, out var until) && until > now) && !(_failed.TryGetValue(s, out var retry) && retry > now))
            .Select(s => VerifyAsync(s, cancellationToken)));
        return [.. active.Where(s => _verified.TryGetValue(s, out var until) && until > now)];
    }

    private async Task VerifyAsync(string silo, CancellationToken cancellationToken)
    {
        string problem;
        try
        {
            var token = await grains.GetGrain<ISiloAggregatorGrain>(silo).IdentifyAsync().WaitAsync(AnswerWithin, cancellationToken);
            CallerIdentity? identity = null;
            if (token is null)
            {
                problem = "it runs without TLS certificates";
            }
            else if ((identity = CallerToken.Verify(token, authority, DateTimeOffset.UtcNow, out problem)) is not null)
            {
                problem = !identity.IsSilo ? "its certificate is not a silo's" : NotItsAddress(token, silo) ?? string.Empty;
            }

            if (identity is { IsSilo: true } && problem.Length == 0)
            {
                _failed.TryRemove(silo, out _);
                _verified[silo] = identity.Expires;
                return;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            problem = e.Message;
        }

        _failed[silo] = DateTimeOffset.UtcNow + AskAgainAfter;
        LogUnverified(logger, silo, problem);
    }

    /// <summary>Why the token's certificate is not for <paramref name="silo"/>'s address, when it names addresses at all.</summary>
    private static string? NotItsAddress(byte[] token, string silo)
    {
        var certificate = CallerToken.CertificateOf(token);
        using (certificate)
        {
            var addresses = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateIPAddresses()).ToArray();
            var address = SiloAddress.FromParsableString(silo).Endpoint.Address;
            return addresses.Length == 0 || addresses.Any(a => a.Equals(address) || (IPAddress.IsLoopback(a) && IPAddress.IsLoopback(address)))
                ? null
                : $"its certificate '{certificate.Subject}' is for {string.Join(", ", addresses.Select(a => a.ToString()))}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} is listed in membership but did not prove to be the cluster's ({Problem}); nothing is placed on it")]
    private static partial void LogUnverified(ILogger logger, string silo, string problem);
}
