using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Where the silos of a cluster find each other: a Redis server or a PostgreSQL database holding Orleans'
/// membership table. Written as a URI on the command line: <c>redis://[:password@]host:port[/db]</c>
/// (<c>rediss://</c> for TLS to Redis) or <c>postgres://user[:password]@host[:port]/database[?sslmode=...]</c>.
/// </summary>
public abstract record MembershipStore
{
    /// <summary>The store as the user wrote it, with any password removed, for logs and status output.</summary>
    public abstract string Display { get; }

    /// <summary>
    /// Why this store is open to whoever can reach it — no password and no TLS — or null. The membership table is inside
    /// the cluster's trust boundary: whoever can write it can list a silo of their own (docs/CLUSTER.md).
    /// </summary>
    public string? SecurityWarning => IsOpen
        ? $"the membership store {Display} has no password and no TLS: anyone who can reach it can rewrite the cluster's membership; secure it (docs/CLUSTER.md)"
        : null;

    /// <summary>True when connecting takes neither a password nor TLS.</summary>
    protected abstract bool IsOpen { get; }

    /// <summary>Parses a membership URI; the message of the exception says what is wrong with it.</summary>
    public static MembershipStore Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"'{text}' is not a membership URI; expected redis://HOST:PORT or postgres://USER@HOST:PORT/DATABASE");
        }

        return uri.Scheme switch
        {
            "redis" or "rediss" => RedisMembership.FromUri(uri),
            "postgres" or "postgresql" => PostgresMembership.FromUri(uri),
            "local" => LocalMembership.FromUri(uri),
            _ => throw new FormatException($"unknown membership store '{uri.Scheme}'; expected redis://, postgres:// or local://"),
        };
    }

    internal abstract void Configure(ISiloBuilder silo);

    internal abstract void Configure(IClientBuilder client);
}

/// <summary>Membership in Redis (Microsoft.Orleans.Clustering.Redis).</summary>
/// <param name="Configuration">A StackExchange.Redis configuration string.</param>
/// <param name="Display">The URI without its password.</param>
public sealed record RedisMembership(string Configuration, string Display) : MembershipStore
{
    public override string Display { get; } = Display;

    internal static RedisMembership FromUri(Uri uri)
    {
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var parts = new List<string> { $"{uri.Host}:{port}", "abortConnect=false" };
        var (_, password) = Credentials(uri);
        if (password is not null)
        {
            parts.Add($"password={password}");
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            if (!int.TryParse(database, System.Globalization.CultureInfo.InvariantCulture, out var db) || db < 0)
            {
                throw new FormatException($"redis database '{database}' must be a number");
            }

            parts.Add($"defaultDatabase={db}");
        }

        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }

        return new RedisMembership(string.Join(',', parts), $"{uri.Scheme}://{uri.Host}:{port}/{database}".TrimEnd('/'));
    }

    protected override bool IsOpen =>
        !Configuration.Contains("password=", StringComparison.Ordinal) && !Configuration.Contains("ssl=true", StringComparison.Ordinal);

    internal override void Configure(ISiloBuilder silo) => silo.UseRedisClustering(Configuration);

    internal override void Configure(IClientBuilder client) => client.UseRedisClustering(Configuration);

    internal static (string? User, string? Password) Credentials(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, null);
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(uri.UserInfo), null)
            : (Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
    }
}

/// <summary>Membership in PostgreSQL (Microsoft.Orleans.Clustering.AdoNet with Npgsql).</summary>
/// <param name="ConnectionString">An Npgsql connection string.</param>
/// <param name="Display">The URI without its password.</param>
public sealed record PostgresMembership(string ConnectionString, string Display) : MembershipStore
{
    internal const string Invariant = "Npgsql";

    public override string Display { get; } = Display;

    internal static PostgresMembership FromUri(Uri uri)
    {
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw new FormatException("a postgres:// membership URI must name the database: postgres://USER@HOST:PORT/DATABASE");
        }

        var (user, password) = RedisMembership.Credentials(uri);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Uri.UnescapeDataString(uri.Host),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            Username = user,
            Password = password,
            // Our tables and Orleans' query table live in a schema of their own, so they never replace the
            // OrleansQuery rows of another Orleans application in the same database (?search_path=… overrides it).
            SearchPath = PostgresSchema.Name,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            builder[key.Replace('_', ' ')] = value;
        }

        return new PostgresMembership(builder.ConnectionString, $"postgres://{user}@{builder.Host}:{builder.Port}/{database}");
    }

    protected override bool IsOpen
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return string.IsNullOrEmpty(builder.Password) && builder.SslMode is SslMode.Disable or SslMode.Allow or SslMode.Prefer;
        }
    }

    internal override void Configure(ISiloBuilder silo) => silo.UseAdoNetClustering(o =>
    {
        o.Invariant = Invariant;
        o.ConnectionString = ConnectionString;
    });

    internal override void Configure(IClientBuilder client) => client.UseAdoNetClustering(o =>
    {
        o.Invariant = Invariant;
        o.ConnectionString = ConnectionString;
    });
}
