using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>Builds the host of one ShardML silo: the embedded single silo, or a member of a real cluster.</summary>
public static partial class ShardSilo
{
    /// <summary>
    /// Runs a cluster silo until <paramref name="cancellationToken"/> is cancelled, then stops it gracefully. When the
    /// membership store loses the silo's entry (<see cref="MembershipWatch"/>), the silo's host is stopped and a new one
    /// joins as a new member — the process stays, its grains and partitions are rebuilt on demand, and jobs whose state
    /// survived are revived from their checkpoints. <paramref name="started"/> hears of each start: 0 for the first, then
    /// 1, 2, … with the reason for the rejoin. A first start that fails throws; once joined, the silo never exits on its
    /// own: a host that fails to stop, or a rejoin that fails, is logged and the rejoin tried again. The silo's ports are
    /// claimed once, for the whole run, so no other silo on this machine takes them between two hosts.
    /// </summary>
    public static async Task RunAsync(
        SiloSettings settings, IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging, Func<IHost, int, string?, Task> started, TimeSpan shutdownGrace, CancellationToken cancellationToken)
    {
        var types = wireTypes.ToArray();
        using var claims = Claim(ref settings);
        using var loggers = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Warning);
            logging?.Invoke(b);
        });
        var log = loggers.CreateLogger(typeof(ShardSilo));
        string? reason = null;
        for (var start = 0; ; start++)
        {
            var restart = new SiloRestartSignal();
            IHost? host = null;
            var failed = false;
            try
            {
                host = Build(settings, types, logging, restart, releasedWithHost: null);
                await host.StartAsync(cancellationToken);
                await started(host, start, reason);
                var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
                if (await Task.WhenAny(restart.Requested, cancelled) == cancelled)
                {
                    using var grace = new CancellationTokenSource(shutdownGrace);
                    await host.StopAsync(grace.Token);
                    return;
                }

                reason = await restart.Requested;
                // Its entry is gone, so leaving gracefully has nothing to update: a short stop frees the ports.
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await host.StopAsync(stop.Token);
            }
            catch (Exception e) when (start > 0 || reason is not null)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                // The store may still be on its way back, or the old host may not have let go yet: the process stays.
                LogRejoinFailed(log, RejoinRetryDelay.TotalSeconds, FailureText.Of(e));
                failed = true;
            }
            finally
            {
                if (host is not null)
                {
                    await DisposeQuietlyAsync(host, log);
                }
            }

            if (failed)
            {
                await Task.Delay(RejoinRetryDelay, cancellationToken);
            }
        }
    }

    private static readonly TimeSpan RejoinRetryDelay = TimeSpan.FromSeconds(2);

    private static async Task DisposeQuietlyAsync(IHost host, ILogger log)
    {
        try
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
        catch (Exception e)
        {
            LogDisposeFailed(log, FailureText.Of(e)); // what it held dies with it; the next host starts clean
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joining the cluster again failed ({Reason}); trying again in {Seconds} s")]
    private static partial void LogRejoinFailed(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo's old host failed to shut down cleanly ({Reason}); joining again with a new one")]
    private static partial void LogDisposeFailed(ILogger logger, string reason);

    /// <summary>A silo host ready to start; <paramref name="settings"/> says which cluster it joins and how.</summary>
    public static IHost Build(SiloSettings settings, IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging)
    {
        var claims = Claim(ref settings);
        try
        {
            return Build(settings, wireTypes, logging, null, releasedWithHost: claims);
        }
        catch
        {
            claims.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A host on ports the caller has claimed: <see cref="Build(SiloSettings, IEnumerable{Type}, Action{ILoggingBuilder}?)"/>
    /// hands the claims to the host (<paramref name="releasedWithHost"/>), <see cref="RunAsync"/> keeps them across hosts.
    /// </summary>
    private static IHost Build(SiloSettings settings, IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging, SiloRestartSignal? restart, PortClaims? releasedWithHost)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        ClusterCertificateValidator? validator = null;
        builder.UseOrleans(silo =>
        {
            if (settings.Membership is null)
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: ClusterConnection.ServiceId, clusterId: settings.ClusterId);
            }
            else
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.ClusterId;
                    o.ServiceId = ClusterConnection.ServiceId;
                });
                var address = settings.AdvertisedAddress ?? (settings.Membership is LocalMembership ? IPAddress.Loopback : LocalAddress());
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
                settings.Membership.Configure(silo);
                // A silo that stopped writing "I am alive" to the table for three periods is stale: the votes needed to
                // declare a silo dead drop to a majority of the silos that are not, and a stale silo is no intermediary
                // for indirect probes. With Orleans' 30 s period, read back every 60 s, a lone survivor of three needed
                // about a minute and a half to declare the other two dead, and until then most of the grain directory
                // was on dead silos, so its jobs failed. A write every 5 s and a read every 10 s are nothing to the table
                // and make that about 20 s; the table stays the judge, so a partitioned minority still cannot evict.
                // A silo that is alive to the operating system but answers nothing (SIGSTOP, a paused VM, a swap storm)
                // is found only by probes, and Orleans holds back a vote against a silo whose connection brought a
                // message within the last NumMissedProbesLimit × MaxProbeTimeout: 3 × 12 s by default, so a silo frozen
                // mid-job was declared dead about 40 s later, and until then a job it drove, or whose client polled
                // through it, waited. Probes of 3 s that a degraded prober may stretch to 4 s (not 12) make it about 13 s
                // (FrozenSiloTests); a silo that misses three probes in a row while its connection is silent for 12 s is
                // not one a job should wait on.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
                    o.ProbeTimeout = TimeSpan.FromSeconds(3);
                    o.MaxProbeTimeout = TimeSpan.FromSeconds(4);
                    o.NumMissedProbesLimit = 3;
                });
            }

            if (settings.Name is { } name)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = name);
            }

            if (settings.Certificates is { } certificates)
            {
                validator = TransportSecurity.Apply(silo, certificates);
            }

            silo.AddShardML(
                wireTypes,
                settings.EnableChaos,
                settings.ResolveState(),
                settings.Membership is null ? null : settings.ReviveOrphansEvery,
                new SiloCredentials(settings.Certificates, embedded: settings.Membership is null),
                settings.Membership is null ? DataRoots.Any : new DataRoots(settings.DataRoots, settings.AllowAnyPath),
                settings.Certificates is { } tls ? new AccessControl(tls.Authority, settings.Access ?? AccessPolicy.Default) : AccessControl.Open);
            if (restart is not null && settings.Membership is not null)
            {
                silo.Services.AddSingleton(restart);
                silo.Services.AddHostedService<MembershipWatch>();
            }
        });
        if (releasedWithHost is not null)
        {
            builder.Services.AddSingleton(_ => releasedWithHost);
        }

        var host = builder.Build();
        if (releasedWithHost is not null)
        {
            host.Services.GetRequiredService<PortClaims>(); // resolved, so the host's disposal releases the claims
        }

        validator?.AttachLogger(host.Services.GetRequiredService<ILoggerFactory>());
        return host;
    }

    /// <summary>Settings for one silo alone on loopback, on free ports: the embedded default.</summary>
    public static SiloSettings Embedded()
    {
        var (silo, gateway) = TwoFreePorts();
        return new SiloSettings { ClusterId = "shardml-embedded", SiloPort = silo, GatewayPort = gateway };
    }

    /// <summary>
    /// Throws a <see cref="PortInUseException"/> naming the port when another process listens on, or another ShardML
    /// silo has claimed, either of the silo's ports: refused before Orleans binds, since a silo must never share its
    /// port with another process.
    /// </summary>
    public static void RequirePortsFree(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RequireFree(settings.SiloPort, "`SiloPort`", settings.AdvertisedAddress);
        RequireFree(settings.GatewayPort, "`GatewayPort`", settings.AdvertisedAddress);
        using var probe = PortClaims.TryAcquire(Ports(settings), out var taken) ?? throw Claimed(taken);
    }

    /// <summary>Checks <paramref name="settings"/> and claims their ports (another pair for the embedded silo when taken).</summary>
    private static PortClaims Claim(ref SiloSettings settings)
    {
        if (settings.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        if (settings.Membership is not null)
        {
            RequirePortsFree(settings);
        }

        return ClaimPorts(ref settings);
    }

    /// <summary>
    /// Claims the silo's ports for as long as its host lives. A cluster silo whose port another silo on this machine has
    /// claimed since the probe is refused; the embedded silo takes two other free ports instead.
    /// </summary>
    private static PortClaims ClaimPorts(ref SiloSettings settings)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (PortClaims.TryAcquire(Ports(settings), out var taken) is { } claims)
            {
                return claims;
            }

            if (settings.Membership is not null || attempt == 10)
            {
                throw Claimed(taken);
            }

            var (silo, gateway) = TwoFreePorts();
            settings = settings with { SiloPort = silo, GatewayPort = gateway };
        }
    }

    private static (int, string)[] Ports(SiloSettings settings) => [(settings.SiloPort, "`SiloPort`"), (settings.GatewayPort, "`GatewayPort`")];

    private static PortInUseException Claimed((int Port, string Option) taken) =>
        new($"port {taken.Port} ({taken.Option}) is already in use by another ShardML silo on this machine; choose another");

    /// <summary>
    /// Throws when something already listens on <paramref name="port"/>: a plain bind, without SO_REUSEADDR or
    /// SO_REUSEPORT, on the address the silo will listen on (every address unless it advertises a loopback one).
    /// </summary>
    private static void RequireFree(int port, string option, IPAddress? advertised)
    {
        var address = advertised is not null && IPAddress.IsLoopback(advertised) ? advertised : IPAddress.Any;
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new PortInUseException($"port {port} ({option}) is already in use on this machine{(e.SocketErrorCode == SocketError.AccessDenied ? " or may not be bound by this user" : string.Empty)}; choose another", e);
        }
    }

    private static IPAddress LocalAddress()
    {
        var addresses = Dns.GetHostAddresses(Dns.GetHostName());
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }

    /// <summary>
    /// Two distinct free ports. Both listeners are held open while the ports are read: one asked for after the other
    /// had closed could be the same port again, and then the embedded silo refused to start (it happened in CI).
    /// </summary>
    private static (int First, int Second) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
