using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>A PostgreSQL server and three TLS silo processes whose membership table lives in it.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;

    public SiloCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        Cluster = await SiloCluster.StartAsync(_postgres.Uri, silos: 3);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
