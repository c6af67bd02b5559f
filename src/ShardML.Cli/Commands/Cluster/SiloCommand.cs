using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms;
using ShardML.Cli.Output;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Security;

namespace ShardML.Cli.Commands.Cluster;

/// <summary>
/// <c>shardml silo</c>: runs one node of a cluster until Ctrl-C or SIGTERM, then leaves gracefully (membership
/// first, so drivers move its partitions to the other silos, then in-flight steps finish).
/// </summary>
internal sealed class SiloCommand : ShardCommand
{
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print one JSON document on stdout when the silo is ready" };

    private readonly Option<string> _membership = new("--membership")
    {
        Description = "The cluster's membership store: redis://HOST:PORT or postgres://USER[:PASSWORD]@HOST:PORT/DATABASE (local://127.0.0.1:PORT joins a primary silo on this machine, for tests and benchmarks)",
        Required = true,
    };

    private readonly Option<int> _siloPort = new("--silo-port") { Description = "Port for silo-to-silo traffic", DefaultValueFactory = _ => SiloSettings.DefaultSiloPort };

    private readonly Option<int> _gatewayPort = new("--gateway-port") { Description = "Port clients connect to", DefaultValueFactory = _ => SiloSettings.DefaultGatewayPort };

    private readonly Option<string?> _advertise = new("--advertise") { Description = "IP address other nodes reach this silo at (default: this host's first IPv4 address)" };

    private readonly Option<string?> _name = new("--name") { Description = "A name for this silo in status output and logs" };

    private readonly Option<string?> _state = new("--state")
    {
        Description = "Where jobs keep records and checkpoints: file:///SHARED/PATH (every silo must see it), redis://HOST:PORT or postgres://… (default: the membership store)",
    };

    private readonly Option<bool> _enableChaos = new("--enable-chaos") { Description = "Obey fault injection from jobs (--chaos): for tests and demos only" };

    private readonly Option<DirectoryInfo[]> _dataRoots = new("--data-root")
    {
        Description = "A directory the silo may read data from (repeatable); any other path is refused, after resolving '..' and symbolic links. Required unless --allow-any-path",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> _allowAnyPath = new("--allow-any-path") { Description = "Read any path this silo's user can read (no data roots): for data that is not confidential" };

    private readonly Option<FileInfo?> _access = new("--access")
    {
        Description = "Access policy (JSON: {\"grants\": {\"NAME\": \"read|train|admin\"}}) naming clients by their certificate's name; without it every client certificate may train",
    };

    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Log at debug level" };

    private readonly ConnectionOptions _connection = new();

    public SiloCommand()
        : base("silo", "Run a cluster node (an Orleans silo) until Ctrl-C or SIGTERM.", JsonOption)
    {
        Options.Add(_membership);
        Options.Add(_siloPort);
        Options.Add(_gatewayPort);
        Options.Add(_advertise);
        Options.Add(_name);
        Options.Add(_state);
        Options.Add(_enableChaos);
        Options.Add(_dataRoots);
        Options.Add(_allowAnyPath);
        Options.Add(_access);
        _connection.AddTo(this, withCluster: false);
        Options.Add(JsonOption);
        Options.Add(_verbose);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var membership = ConnectionOptions.Membership(parse.GetRequiredValue(_membership));
        var name = parse.GetValue(_name);
        var settings = new SiloSettings
        {
            ClusterId = parse.GetRequiredValue(_connection.ClusterId),
            SiloPort = parse.GetValue(_siloPort),
            GatewayPort = parse.GetValue(_gatewayPort),
            AdvertisedAddress = Address(parse.GetValue(_advertise)),
            Name = name,
            Membership = membership,
            Certificates = _connection.LoadCertificates(parse, name ?? "silo"),
            State = parse.GetValue(_state) is { } state ? StateStores.Parse(state) : null,
            EnableChaos = parse.GetValue(_enableChaos),
            DataRoots = [.. (parse.GetValue(_dataRoots) ?? []).Select(d => d.FullName)],
            AllowAnyPath = parse.GetValue(_allowAnyPath),
            Access = parse.GetValue(_access) is { } access ? LoadPolicy(access) : null,
        };
        if (settings.DataRoots.Count > 0 && settings.AllowAnyPath)
        {
            throw new UsageException("--data-root and --allow-any-path contradict each other: choose one");
        }

        if (settings.Validate() is { } problem)
        {
            throw new UsageException(OptionNames.ToFlags(problem));
        }

        foreach (var root in settings.DataRoots.Where(r => !Directory.Exists(r)))
        {
            throw new UsageException($"--data-root '{root}' is not a directory");
        }

        if (membership.SecurityWarning is { } warning)
        {
            reporter.Line($"[yellow]warning:[/] {Spectre.Console.Markup.Escape(warning)}");
        }

        if (settings.Certificates is { } certificates && !ClusterCertificateValidator.IsSilo(certificates.Certificate))
        {
            // The other silos would refuse it anyway; saying so here beats a silo that starts and is voted dead.
            throw new UsageException($"certificate '{certificates.Certificate.Subject}' is a client's; a silo needs one issued with 'shardml cert issue --role silo'");
        }

        try
        {
            settings = settings with { State = settings.ResolveState() };
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }

        try
        {
            ShardSilo.RequirePortsFree(settings);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(OptionNames.ToFlags(e.Message.Split(" (Parameter")[0]), e);
        }

        if (membership is PostgresMembership postgres)
        {
            await PostgresMembershipSchema.EnsureCreatedAsync(postgres.ConnectionString, cancellationToken);
        }

        if (settings.State is PostgresStateStore postgresState)
        {
            await PostgresStateSchema.EnsureCreatedAsync(postgresState.Server.ConnectionString, cancellationToken);
        }

        var verbose = parse.GetValue(_verbose);
        try
        {
            await ShardSilo.RunAsync(
                settings,
                AlgorithmCatalog.WireTypes,
                b => ConfigureLogging(b, verbose),
                (host, start, reason) =>
                {
                    Ready(reporter, host, settings, membership, start, reason);
                    return Task.CompletedTask;
                },
                ShardCommandLine.ShutdownGrace - TimeSpan.FromSeconds(5),
                cancellationToken);
        }
        catch (PortInUseException e)
        {
            // Claimed by another silo started at the same moment, after this one's probe above.
            throw new UsageException(OptionNames.ToFlags(e.Message), e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Runtime.ClusterUnavailableException($"the silo could not join cluster '{settings.ClusterId}' through {membership.Display}: {Runtime.Jobs.JobStateUnavailableException.Cause(e)}", e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before it had joined: nothing to leave.
        }

        reporter.Line("stopped");
        return ExitCodes.Success;
    }

    /// <summary>Says the silo joined (the first time, as "ready"; after the membership store lost it, as "rejoined").</summary>
    private static void Ready(Reporter reporter, IHost host, SiloSettings settings, MembershipStore membership, int start, string? reason)
    {
        var silo = host.Services.GetRequiredService<ILocalSiloDetails>();
        var joined = start == 0 ? "joined" : $"joined again ({Spectre.Console.Markup.Escape(reason ?? string.Empty)})";
        reporter.Line($"silo [green]{Spectre.Console.Markup.Escape(silo.Name)}[/] at {silo.SiloAddress} (gateway {silo.GatewayAddress}) {joined} cluster '{settings.ClusterId}' through {Spectre.Console.Markup.Escape(membership.Display)}, jobs kept in {Spectre.Console.Markup.Escape(settings.State!.Display)}{(settings.Certificates is null ? " [yellow]without TLS[/]" : " with mutual TLS")}");
        if (reporter.Json)
        {
            reporter.Document(new { @event = start == 0 ? "ready" : "rejoined", silo = silo.SiloAddress.ToParsableString(), name = silo.Name, gateway = silo.GatewayAddress?.ToString(), reason });
        }
    }

    private static IPAddress? Address(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        var refusal = $"--advertise: '{Core.Data.InputExcerpt.Of(text)}' is neither an IP address nor a host name that resolves to one";
        try
        {
            return Dns.GetHostAddresses(text).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new UsageException(refusal);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
        {
            // The resolver's own words ("Name or service not known") say the same less clearly.
            throw new UsageException($"{refusal} ({e.Message})", e);
        }
    }
    private static AccessPolicy LoadPolicy(FileInfo file)
    {
        try
        {
            return AccessPolicy.Load(file.FullName);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--access: {e.Message}", e);
        }
    }


    private static void ConfigureLogging(ILoggingBuilder builder, bool verbose)
    {
        builder.ClearProviders();
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddFilter("Orleans", verbose ? LogLevel.Information : LogLevel.Warning);
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFilter("ShardML", verbose ? LogLevel.Debug : LogLevel.Information);
    }
}
