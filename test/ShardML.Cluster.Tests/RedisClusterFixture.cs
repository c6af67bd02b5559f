using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>A redis-server and three TLS silo processes that find each other through it.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisServer? _redis;

    public SiloCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        Cluster = await SiloCluster.StartAsync(_redis.Uri, silos: 3);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
