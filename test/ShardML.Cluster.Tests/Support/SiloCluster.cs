namespace ShardML.Cluster.Tests.Support;

/// <summary>
/// Silo processes (<c>shardml silo</c>) on loopback that find each other through a membership store, with mutual
/// TLS from certificates made by <c>shardml cert</c>. Stopped (SIGTERM) when disposed.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ShardmlProcess> _silos = [];
    private int _named;

    private SiloCluster(string membership, string clusterId, string directory, bool tls, string[] siloArguments, IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
        Membership = membership;
        ClusterId = clusterId;
        Directory = directory;
        Tls = tls;
        _siloArguments = siloArguments;
    }

    private readonly string[] _siloArguments;
    private readonly IReadOnlyDictionary<string, string> _environment;

    public string Membership { get; }

    public string ClusterId { get; }

    /// <summary>Scratch directory: certificates in <c>certs/</c>, and the working directory of the silos.</summary>
    public string Directory { get; }

    public bool Tls { get; }

    public string Certificates => Path.Combine(Directory, "certs");

    public IReadOnlyList<ShardmlProcess> Silos => _silos;

    /// <summary>What a client adds to a data command to run on this cluster.</summary>
    public string[] ClientArguments =>
        Tls ? ["--cluster", Membership, "--cluster-id", ClusterId, "--certs", Certificates] : ["--cluster", Membership, "--cluster-id", ClusterId, "--insecure"];

    /// <summary>
    /// Starts <paramref name="silos"/> silos; each gets <paramref name="siloArguments"/> (default <c>--allow-any-path</c>,
    /// since the tests read data from the repository and temporary directories, and with TLS an access policy making the
    /// client certificate 'client' an admin, since the fault tests inject faults). <paramref name="prepare"/> runs once
    /// the certificates exist, before any silo starts (to write an access policy, say). Each silo process gets
    /// <paramref name="environment"/> added to its environment (a heap limit, say).
    /// </summary>
    public static async Task<SiloCluster> StartAsync(
        string membership, int silos, bool tls = true, string[]? siloArguments = null, Func<SiloCluster, Task>? prepare = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var directory = System.IO.Directory.CreateTempSubdirectory("shardml-cluster-").FullName;
        var policy = Path.Combine(directory, "access.json");
        string[] defaults = tls ? ["--allow-any-path", "--access", policy] : ["--allow-any-path"];
        var cluster = new SiloCluster(membership, clusterId, directory, tls, siloArguments ?? defaults, environment ?? new Dictionary<string, string>());
        await File.WriteAllTextAsync(policy, """{"grants": {"client": "admin"}}""");
        if (tls)
        {
            await cluster.CliAsync("cert", "create-ca", "--out", cluster.Certificates);
            foreach (var name in Enumerable.Range(1, silos + 1).Select(i => $"silo{i}"))
            {
                await cluster.CliAsync("cert", "issue", "--ca", cluster.Certificates, "--name", name, "--role", "silo", "--host", "127.0.0.1");
            }

            await cluster.CliAsync("cert", "issue", "--ca", cluster.Certificates, "--name", "client", "--role", "client");
        }

        try
        {
            if (prepare is not null)
            {
                await prepare(cluster);
            }

            await Task.WhenAll(Enumerable.Range(1, silos).Select(_ => cluster.AddSiloAsync()));
            await cluster.WaitUntilAllActiveAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>
    /// Starts one more silo (with <paramref name="environment"/> instead of the cluster's, if given) and waits until it
    /// says it joined. A silo that refuses its ports because another ShardML silo on this machine holds them is started
    /// again on new ones: the test assemblies run side by side, each picking ports the kernel calls free, and another
    /// process's silo can be handed the same port between the pick and the start (seen in CI: exit 2, "port … is
    /// already in use by another ShardML silo"). That refusal is the product doing its job, not the test's subject.
    /// </summary>
    public async Task<ShardmlProcess> AddSiloAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var name = $"silo{Interlocked.Increment(ref _named)}";

        string[] security = Tls ? ["--certs", Certificates, "--cert-name", name] : ["--insecure"];
        for (var attempt = 1; ; attempt++)
        {
            var silo = ShardmlProcess.Start(
                Directory,
                environment ?? _environment,
                ["silo", "--membership", Membership, "--cluster-id", ClusterId, "--advertise", "127.0.0.1", "--name", name,
                 "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "--enable-chaos", "--json", .. security, .. _siloArguments]);
            lock (_silos)
            {
                _silos.Add(silo);
            }

            try
            {
                await silo.WaitForOutputAsync("\"event\": \"ready\"", StartTimeout);
                return silo;
            }
            catch (TimeoutException) when (attempt < 3 && silo.HasExited && silo.StandardError.Contains("already in use by another ShardML silo", StringComparison.Ordinal))
            {
                lock (_silos)
                {
                    _silos.Remove(silo);
                }

                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>What a client adds to run on this cluster as <paramref name="identity"/> (a client certificate made by <see cref="IssueClientAsync"/>).</summary>
    public string[] ClientArgumentsAs(string identity) => ["--cluster", Membership, "--cluster-id", ClusterId, "--certs", Certificates, "--cert-name", identity];

    /// <summary>Issues a client certificate named <paramref name="identity"/>: the client's identity under an access policy.</summary>
    public Task IssueClientAsync(string identity) => CliAsync("cert", "issue", "--ca", Certificates, "--name", identity, "--role", "client");

    /// <summary>
    /// Waits until membership lists every running silo as active: a silo reports ready when it has joined, but a job
    /// started before the others see it would place partitions on fewer silos than the test expects.
    /// </summary>
    public async Task WaitUntilAllActiveAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var run = await CliRun.RunAsync(["cluster", "status", "--json", .. ClientArguments]);
            var expected = _silos.Count(s => !s.HasExited);
            if (run.ExitCode == 0 && run.Json().GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "Active") == expected)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the {expected} silos did not all become active: {run.StandardOutput}{run.StandardError}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The silo process whose address (as a job's driver or a placement names it) is <paramref name="address"/>.</summary>
    public ShardmlProcess SiloAt(string address)
    {
        lock (_silos)
        {
            return _silos.Single(s => s.StandardOutput.Contains($"\"silo\": \"{address}\"", StringComparison.Ordinal));
        }
    }

    /// <summary>A client of this cluster for the test itself: to watch a job while the CLI runs it.</summary>
    public Task<ShardML.Runtime.ShardCluster> ConnectAsync() =>
        Tls
            ? throw new InvalidOperationException("the test's own client connects to an --insecure cluster only")
            : ShardML.Runtime.ShardCluster.ConnectAsync(
                new ShardML.Runtime.Hosting.ClusterConnection { Membership = ShardML.Runtime.Hosting.MembershipStore.Parse(Membership), ClusterId = ClusterId },
                ShardML.Algorithms.AlgorithmCatalog.WireTypes,
                null,
                CancellationToken.None);

    /// <summary>The last lines each silo logged from ShardML itself (the driver's warnings about failed silos among them).</summary>
    public string RecentLogs(int lines = 30)
    {
        lock (_silos)
        {
            return string.Join('\n', _silos.Select((s, i) =>
            {
                var ours = s.StandardError.Split('\n').Where(l => l.Contains(": ShardML.", StringComparison.Ordinal)).TakeLast(lines);
                // An exited silo's last words (its error line, a trace) are what says why it exited.
                var last = s.HasExited ? $"\n    last words: {string.Join("\n    ", s.StandardError.TrimEnd().Split('\n').TakeLast(8))}" : string.Empty;
                return $"--- silo{i + 1}{(s.HasExited ? " (exited)" : string.Empty)}:\n{string.Join('\n', ours)}{last}";
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task CliAsync(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"shardml {string.Join(' ', args)} exited with {run.ExitCode}: {run.StandardError}");
        }
    }
}
