using System.Globalization;

namespace ShardML.Cluster.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server in a temporary directory, on a free loopback port, with trust authentication for
/// the user <c>shardml</c>. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _pgCtl;

    private PostgresServer(string directory, string pgCtl, int port)
    {
        _directory = directory;
        _pgCtl = pgCtl;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"postgres://shardml@127.0.0.1:{Port}/postgres";

    private string DataDirectory => Path.Combine(_directory, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).ToArray()
            : [];
        var initdb = ExternalProgram.Find("initdb", "postgresql", binaries);
        var pgCtl = Path.Combine(Path.GetDirectoryName(initdb)!, "pg_ctl");
        var directory = Directory.CreateTempSubdirectory("shardml-postgres-").FullName;
        var port = FreePort.Next();
        var server = new PostgresServer(directory, pgCtl, port);
        if (ExternalProgram.IsRoot)
        {
            await ExternalProgram.RunAsync("chown", ["postgres:postgres", directory], TimeSpan.FromSeconds(10));
        }

        await server.AsServerUserAsync(initdb, ["-D", server.DataDirectory, "-U", "shardml", "-A", "trust", "--no-sync", "-E", "UTF8"], TimeSpan.FromSeconds(120));
        var options = $"-p {port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {directory} -c fsync=off";
        await server.AsServerUserAsync(pgCtl, ["-D", server.DataDirectory, "-o", options, "-l", Path.Combine(directory, "log"), "-w", "-t", "60", "start"], TimeSpan.FromSeconds(90));
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => File.Exists(Path.Combine(directory, "log")) ? File.ReadAllText(Path.Combine(directory, "log")) : "no log");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsServerUserAsync(_pgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task<string> AsServerUserAsync(string program, string[] args, TimeSpan timeout) =>
        ExternalProgram.IsRoot
            ? ExternalProgram.RunAsync("runuser", ["-u", "postgres", "--", program, .. args], timeout)
            : ExternalProgram.RunAsync(program, args, timeout);
}
