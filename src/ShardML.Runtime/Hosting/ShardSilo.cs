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
                // A silo that stopped writing "I am alive" to the table for three periods is stale: the votes needed to
                // declare a silo dead drop to a majority of the silos that are not, and a stale silo is no intermediary
                // for indirect probes. With Orleans' 30 s period, read back every 60 s, a lone survivor of three needed
                // about a minute and a half to declare the other two dead, and until then most of the grain directory
                // was on dead silos, so its jobs failed. A write every 5 s and a read every 10 s are nothing to the table
                // and make that about 20 s; the table stays the judge, so a partitioned minority still cannot evict.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
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

            silo.AddShardML(wireTypes, settings.EnableChaos, settings.ResolveState(), settings.Membership is null ? null : settings.ReviveOrphansEvery);
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
