using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime;

/// <summary>
/// A connection to a ShardML cluster: the entry point for loading datasets onto it. <see cref="StartEmbeddedAsync"/>
/// runs one silo inside this process (the default: nothing to set up); <see cref="FromGrainFactory"/> wraps a
/// cluster hosted elsewhere (a test cluster, a client connection).
/// </summary>
public sealed class ShardCluster : IAsyncDisposable
{
    private readonly IHost? _host;
    private readonly IGrainFactory _grains;
    private readonly WireTypeRegistry _wire;

    private ShardCluster(IHost? host, IGrainFactory grains, WireTypeRegistry wire)
    {
        _host = host;
        _grains = grains;
        _wire = wire;
    }

    /// <summary>Starts one in-process silo on free loopback ports and connects to it.</summary>
    public static async Task<ShardCluster> StartEmbeddedAsync(IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: "shardml", clusterId: "shardml-embedded");
            silo.AddShardML(wireTypes);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ShardCluster(host, host.Services.GetRequiredService<IGrainFactory>(), host.Services.GetRequiredService<WireTypeRegistry>());
    }

    /// <summary>Uses a cluster reached through <paramref name="grains"/>, whose silos were built with <c>AddShardML</c>.</summary>
    public static ShardCluster FromGrainFactory(IGrainFactory grains, IEnumerable<Type> wireTypes) =>
        new(null, grains, new WireTypeRegistry(wireTypes));

    /// <summary>The active silos' addresses, sorted.</summary>
    public async Task<IReadOnlyList<string>> ActiveSilosAsync()
    {
        var hosts = await _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Each active silo's cores, memory and partitions.</summary>
    public async Task<IReadOnlyList<SiloDescription>> DescribeAsync(CancellationToken cancellationToken)
    {
        var silos = await ActiveSilosAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return await Task.WhenAll(silos.Select(s => _grains.GetGrain<ISiloAggregatorGrain>(s).DescribeAsync()));
    }

    /// <summary>Twice the cluster's cores: enough partitions to keep every core busy while balancing uneven ones.</summary>
    public async Task<int> DefaultPartitionCountAsync(CancellationToken cancellationToken)
    {
        var silos = await DescribeAsync(cancellationToken);
        return Math.Max(1, 2 * silos.Sum(s => s.Cores));
    }

    /// <summary>Loads every partition of <paramref name="plan"/> on the silo chosen for it; each silo reads its own byte ranges.</summary>
    public async Task<ClusterExecutor> LoadAsync(DatasetPlan plan, CancellationToken cancellationToken)
    {
        var silos = await ActiveSilosAsync();
        return await ClusterExecutor.LoadAsync(_grains, _wire, silos, plan, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
