using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using ShardML.Runtime.Storage;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Where jobs and their checkpoints are kept (Orleans grain storage named <see cref="Name"/>): files in a
/// directory — the embedded default, or a path shared by every silo — a Redis server, or a PostgreSQL database.
/// Written as <c>file:///path</c> (or a plain path), <c>redis://HOST:PORT[/DB]</c> or <c>postgres://USER@HOST:PORT/DB</c>.
/// Redis and PostgreSQL keep grain state in Orleans' own binary format, which round-trips the state types exactly.
/// </summary>
public abstract record StateStore
{
    /// <summary>The grain storage name jobs use.</summary>
    public const string Name = "shardml-jobs";

    public abstract string Display { get; }

    /// <summary>The embedded default: files under the user's local application data.</summary>
    public static FileStateStore DefaultLocal() =>
        new(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "shardml", "state"));

    public static StateStore Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return new FileStateStore(Path.GetFullPath(text));
        }

        var uri = new Uri(text);
        return uri.Scheme switch
        {
            "file" => new FileStateStore(uri.LocalPath),
            "redis" or "rediss" => new RedisStateStore(RedisMembership.FromUri(uri)),
            "postgres" or "postgresql" => new PostgresStateStore(PostgresMembership.FromUri(uri)),
            _ => throw new FormatException($"unknown state store '{uri.Scheme}'; expected file:///PATH, redis://HOST:PORT or postgres://USER@HOST:PORT/DB"),
        };
    }

    internal abstract void Configure(ISiloBuilder silo);
}

/// <summary>Job state in files under <paramref name="Directory"/>.</summary>
public sealed record FileStateStore(string Directory) : StateStore
{
    public override string Display => Directory;

    internal override void Configure(ISiloBuilder silo) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(Name, (services, _) => new FileGrainStorage(
            Directory,
            services.GetRequiredService<Orleans.Serialization.Serializer>(),
            // Not the store's type name: Orleans logs each failed operation under it, with a trace the CLI leaves out.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(FileGrainStorage.LogCategory),
            deleteOnClear: true)); // a forgotten job leaves no files behind
}

/// <summary>Job state in Redis (Microsoft.Orleans.Persistence.Redis).</summary>
public sealed record RedisStateStore(RedisMembership Server) : StateStore
{
    public override string Display => Server.Display;

    internal override void Configure(ISiloBuilder silo)
    {
        silo.AddRedisGrainStorage(Name, o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(Server.Configuration));
        silo.Services.AddOptions<Orleans.Persistence.RedisStorageOptions>(Name)
            .Configure<Orleans.Serialization.Serializer>((o, serializer) =>
            {
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                o.DeleteStateOnClear = true; // a forgotten job leaves no keys behind
            });
    }
}

/// <summary>Job state in PostgreSQL (Microsoft.Orleans.Persistence.AdoNet; tables by <see cref="PostgresStateSchema"/>).</summary>
public sealed record PostgresStateStore(PostgresMembership Server) : StateStore
{
    public override string Display => Server.Display;

    internal override void Configure(ISiloBuilder silo)
    {
        silo.AddAdoNetGrainStorage(Name, o =>
        {
            o.Invariant = PostgresMembership.Invariant;
            o.ConnectionString = Server.ConnectionString;
        });
        silo.Services.AddOptions<Orleans.Configuration.AdoNetGrainStorageOptions>(Name)
            .Configure<Orleans.Serialization.Serializer>((o, serializer) =>
            {
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                o.DeleteStateOnClear = true; // a forgotten job leaves no rows behind (the schema's DeleteStorageKey)
            });
    }
}
