using Npgsql;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Installs tables and the named queries an Orleans ADO.NET provider reads from <c>OrleansQuery</c>, once per
/// database: idempotent (<c>IF NOT EXISTS</c>, upserts) and serialized by an advisory lock, so every silo may run it at
/// every start, at the same time.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The PostgreSQL schema ShardML's tables live in (the connection's search path).</summary>
    public const string Name = "shardml";

    /// <summary>One lock for every installer, since they share the query table.</summary>
    public const long AdvisoryLockKey = 0x5348_4152_444D_4C01; // "SHARDML" + 1

    public static async Task InstallAsync(string connectionString, string tables, IReadOnlyDictionary<string, string> queries, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath?.Split(',')[0].Trim() is { Length: > 0 } first ? first : "public";
        await using (var command = new NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock({AdvisoryLockKey}); CREATE SCHEMA IF NOT EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"; {tables}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (key, text) in queries)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText",
                connection,
                transaction);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The table every provider's queries live in.</summary>
    public const string QueryTable = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey varchar(64) PRIMARY KEY,
            QueryText text NOT NULL
        );
        """;
}
