namespace ShardML.Runtime.Hosting;

/// <summary>
/// Creates, if missing, the table and the named queries Orleans' ADO.NET grain storage runs against PostgreSQL for
/// jobs and checkpoints. As with membership (<see cref="PostgresMembershipSchema"/>), the provider ships no schema:
/// it reads its statements by name from <c>OrleansQuery</c>, binds <c>@ServiceId</c>, <c>@GrainTypeString</c> (the
/// state's name), <c>@GrainIdN0</c>, <c>@GrainIdN1</c>, <c>@GrainIdExtensionString</c>, <c>@GrainStateVersion</c> and
/// <c>@PayloadBinary</c>, and reads columns by name. These statements are ours. A write succeeds only from the
/// version the writer read (optimistic concurrency): an insert when it read nothing, an update of that version
/// otherwise; any other case returns no version, which the provider raises as a conflict.
/// </summary>
public static class PostgresStateSchema
{
    private const string Key = """
        service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_key = coalesce(CAST(@GrainIdExtensionString AS varchar), '')
        """;

    private const string Tables = PostgresSchema.QueryTable + """
        CREATE TABLE IF NOT EXISTS shardml_grain_state (
            service_id varchar(150) NOT NULL,
            grain_type varchar(512) NOT NULL,
            grain_id_n0 bigint NOT NULL,
            grain_id_n1 bigint NOT NULL,
            grain_key varchar(512) NOT NULL,
            payload bytea,
            version integer NOT NULL,
            modified_on timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key)
        );
        """;

    internal static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ReadFromStorageKey"] = $"""
            SELECT payload AS "PayloadBinary", version AS "Version" FROM shardml_grain_state WHERE {Key}
            """,
        ["WriteToStorageKey"] = $"""
            WITH updated AS (
                UPDATE shardml_grain_state SET payload = @PayloadBinary, version = version + 1, modified_on = now()
                WHERE {Key} AND version = CAST(@GrainStateVersion AS integer)
                RETURNING version),
            inserted AS (
                INSERT INTO shardml_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key, payload, version)
                SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(CAST(@GrainIdExtensionString AS varchar), ''), @PayloadBinary, 1
                WHERE CAST(@GrainStateVersion AS integer) IS NULL
                ON CONFLICT DO NOTHING
                RETURNING version)
            SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted)) AS "NewGrainStateVersion"
            """,
        ["ClearStorageKey"] = $"""
            UPDATE shardml_grain_state SET payload = NULL, version = version + 1, modified_on = now()
            WHERE {Key} AND version = CAST(@GrainStateVersion AS integer)
            RETURNING version AS "NewGrainStateVersion"
            """,
        ["DeleteStorageKey"] = $"""
            DELETE FROM shardml_grain_state WHERE {Key} AND version = CAST(@GrainStateVersion AS integer)
            RETURNING version + 1 AS "NewGrainStateVersion"
            """,
    };

    /// <summary>Creates the table and (re)writes the queries; safe to run from every silo at every start.</summary>
    public static Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken) =>
        PostgresSchema.InstallAsync(connectionString, Tables, Queries, cancellationToken);
}
