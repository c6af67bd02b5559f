namespace ShardML.Runtime.Hosting;

/// <summary>
/// Creates, if missing, the tables and the named queries that Orleans' ADO.NET clustering provider runs against
/// PostgreSQL. The provider ships no schema of its own: it reads every statement it needs by name from the
/// <c>OrleansQuery</c> table, binds its parameters (<c>@DeploymentId</c>, <c>@Address</c>, <c>@Version</c>, …) and
/// reads columns by name. These statements are ours, written against that contract: each write is one statement
/// that locks the deployment's version row (<c>FOR UPDATE</c>), so a stale table version changes nothing, and
/// bumps the version only when its row was written — the optimistic concurrency Orleans' membership protocol needs.
/// Idempotent, and serialized by an advisory lock so silos starting together do not race on the DDL.
/// </summary>
public static class PostgresMembershipSchema
{
    private const string Columns = """
        m.address AS "Address", m.port AS "Port", m.generation AS "Generation", m.silo_name AS "SiloName",
        m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
        m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
        """;

    private const string Tables = PostgresSchema.QueryTable + """
        CREATE TABLE IF NOT EXISTS shardml_membership_version (
            deployment_id varchar(150) PRIMARY KEY,
            version integer NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS shardml_membership (
            deployment_id varchar(150) NOT NULL REFERENCES shardml_membership_version (deployment_id),
            address varchar(45) NOT NULL,
            port integer NOT NULL,
            generation integer NOT NULL,
            silo_name varchar(150) NOT NULL,
            host_name varchar(150) NOT NULL,
            status integer NOT NULL,
            proxy_port integer,
            suspect_times text,
            start_time timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (deployment_id, address, port, generation)
        );
        """;

    /// <summary>The provider's query names and our statements for them.</summary>
    internal static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InsertMembershipVersionKey"] = """
            WITH inserted AS (
                INSERT INTO shardml_membership_version (deployment_id) VALUES (@DeploymentId)
                ON CONFLICT (deployment_id) DO NOTHING RETURNING 1)
            SELECT count(*) FROM inserted
            """,
        ["InsertMembershipKey"] = """
            WITH locked AS (
                SELECT deployment_id FROM shardml_membership_version
                WHERE deployment_id = @DeploymentId AND version = @Version FOR UPDATE),
            inserted AS (
                INSERT INTO shardml_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                                proxy_port, start_time, i_am_alive_time)
                SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
                       @StartTime, @IAmAliveTime FROM locked
                ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
                RETURNING deployment_id),
            bumped AS (
                UPDATE shardml_membership_version v SET version = v.version + 1, updated_at = now()
                FROM inserted WHERE v.deployment_id = inserted.deployment_id RETURNING 1)
            SELECT count(*) FROM bumped
            """,
        ["UpdateMembershipKey"] = """
            WITH locked AS (
                SELECT deployment_id FROM shardml_membership_version
                WHERE deployment_id = @DeploymentId AND version = @Version FOR UPDATE),
            updated AS (
                UPDATE shardml_membership m
                SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                FROM locked
                WHERE m.deployment_id = locked.deployment_id AND m.address = @Address AND m.port = @Port
                  AND m.generation = @Generation
                RETURNING m.deployment_id),
            bumped AS (
                UPDATE shardml_membership_version v SET version = v.version + 1, updated_at = now()
                WHERE v.deployment_id IN (SELECT deployment_id FROM updated) RETURNING 1)
            SELECT count(*) FROM bumped
            """,
        ["UpdateIAmAlivetimeKey"] = """
            UPDATE shardml_membership SET i_am_alive_time = @IAmAliveTime
            WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
            """,
        ["MembershipReadRowKey"] = $"""
            SELECT v.deployment_id AS "DeploymentId", {Columns}
            FROM shardml_membership_version v
            LEFT JOIN shardml_membership m ON m.deployment_id = v.deployment_id
                 AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deployment_id = @DeploymentId
            """,
        ["MembershipReadAllKey"] = $"""
            SELECT v.deployment_id AS "DeploymentId", {Columns}
            FROM shardml_membership_version v
            LEFT JOIN shardml_membership m ON m.deployment_id = v.deployment_id
            WHERE v.deployment_id = @DeploymentId
            """,
        ["GatewaysQueryKey"] = """
            SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
            FROM shardml_membership
            WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
            """,
        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM shardml_membership WHERE deployment_id = @DeploymentId;
            DELETE FROM shardml_membership_version WHERE deployment_id = @DeploymentId
            """,
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM shardml_membership
            WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
            """,
        ["CleanupDefunctSiloEntryKey"] = """
            DELETE FROM shardml_membership
            WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
              AND status = 6
            """,
    };

    /// <summary>Creates the tables and (re)writes the queries; safe to run from every silo at every start.</summary>
    public static Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken) =>
        PostgresSchema.InstallAsync(connectionString, Tables, Queries, cancellationToken);
}
