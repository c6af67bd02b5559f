using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>
/// A redis-server and two TLS silos that read data only under one root and enforce an access policy: 'client' (the
/// fixture's own) is an admin, 'alice' and 'carol' may train, 'bob' may read.
/// </summary>
public sealed class AccessControlFixture : IAsyncLifetime
{
    private RedisServer? _redis;

    public SiloCluster Cluster { get; private set; } = null!;

    /// <summary>The silos' only data root, holding housing.csv.</summary>
    public string Root { get; private set; } = null!;

    /// <summary>A directory outside the root, holding secret.csv.</summary>
    public string Outside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var scratch = Directory.CreateTempSubdirectory("shardml-access-").FullName;
        Root = Directory.CreateDirectory(Path.Combine(scratch, "data")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(scratch, "private")).FullName;
        using (var samples = new Samples())
        {
            File.Copy(samples.Housing, Path.Combine(Root, "housing.csv"));
        }

        await File.WriteAllTextAsync(Path.Combine(Outside, "secret.csv"), "password,pin\nhunter2,1234\nswordfish,5678\n");
        File.CreateSymbolicLink(Path.Combine(Root, "linked.csv"), Path.Combine(Outside, "secret.csv"));
        var policy = Path.Combine(scratch, "access.json");
        await File.WriteAllTextAsync(policy, """{"grants": {"client": "admin", "alice": "train", "carol": "train", "bob": "read"}}""");

        _redis = await RedisServer.StartAsync();
        Cluster = await SiloCluster.StartAsync(
            _redis.Uri,
            silos: 2,
            siloArguments: ["--data-root", Root, "--access", policy],
            prepare: async c =>
            {
                foreach (var identity in new[] { "alice", "bob", "carol" })
                {
                    await c.IssueClientAsync(identity);
                }
            });
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

        Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
    }
}
