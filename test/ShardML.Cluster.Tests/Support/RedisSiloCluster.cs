namespace ShardML.Cluster.Tests.Support;

/// <summary>A redis-server of its own and three insecure silo processes on it, for a test that kills or wipes them.</summary>
internal sealed class RedisSiloCluster : IAsyncDisposable
{
    private RedisSiloCluster(RedisServer redis, SiloCluster silos)
    {
        Redis = redis;
        Silos = silos;
    }

    public RedisServer Redis { get; }

    public SiloCluster Silos { get; }

    public static async Task<RedisSiloCluster> StartAsync(params string[] siloArguments)
    {
        var redis = await RedisServer.StartAsync();
        try
        {
            return new RedisSiloCluster(redis, await SiloCluster.StartAsync(redis.Uri, silos: 3, tls: false, ["--allow-any-path", .. siloArguments]));
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Silos.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
