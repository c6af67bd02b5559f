using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests;

/// <summary>Three silos in this process (Orleans.TestingHost), shared by the tests of a class.</summary>
public sealed class ThreeSiloClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ShardCluster Shard { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Shard = ShardCluster.FromGrainFactory(Cluster.Client, AlgorithmCatalog.WireTypes);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
