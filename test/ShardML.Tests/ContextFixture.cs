namespace ShardML.Tests;

/// <summary>One embedded context for a test class: starting a silo takes about a second.</summary>
public sealed class ContextFixture : IAsyncLifetime
{
    public ShardMLContext Ml { get; private set; } = null!;

    public async Task InitializeAsync() => Ml = await ShardMLContext.StartEmbeddedAsync(seed: 7, new ShardMLContextOptions { Partitions = 3 });

    public async Task DisposeAsync() => await Ml.DisposeAsync();
}
