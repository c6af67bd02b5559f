using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>Builds the host of one ShardML silo: the embedded single silo, or a member of a real cluster.</summary>
public static class ShardSilo
{
    /// <summary>A silo host ready to start; <paramref name="settings"/> says which cluster it joins and how.</summary>
    public static IHost Build(SiloSettings settings, IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging)
    {
        if (settings.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        if (settings.Membership is not null)
        {
            // Refused here with the port's number, before Orleans binds: a silo must never share its port with another process.
            RequireFree(settings.SiloPort, "`SiloPort`", settings.AdvertisedAddress);
            RequireFree(settings.GatewayPort, "`GatewayPort`", settings.AdvertisedAddress);
        }

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
                var address = settings.AdvertisedAddress ?? LocalAddress();
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
                settings.Membership.Configure(silo);
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
        });
        var host = builder.Build();
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
            throw new ArgumentException($"port {port} ({option}) is already in use on this machine{(e.SocketErrorCode == SocketError.AccessDenied ? " or may not be bound by this user" : string.Empty)}; choose another", nameof(port), e);
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
