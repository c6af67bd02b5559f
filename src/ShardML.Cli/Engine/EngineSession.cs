using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms;
using ShardML.Core.Data;
using ShardML.Runtime;
using ShardML.Runtime.Hosting;

namespace ShardML.Cli.Engine;

/// <summary>The cluster a command runs on (the embedded silo by default) and the dataset it loaded there.</summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private readonly ShardCluster _cluster;
    private ClusterExecutor? _executor;

    private EngineSession(ShardCluster cluster, ILoggerFactory loggers, bool embedded)
    {
        _cluster = cluster;
        Loggers = loggers;
        IsEmbedded = embedded;
    }

    /// <summary>True when the cluster is the silo inside this process.</summary>
    public bool IsEmbedded { get; }

    public ILoggerFactory Loggers { get; }

    public ShardCluster Cluster => _cluster;

    public ClusterExecutor Executor => _executor ?? throw new InvalidOperationException("no dataset loaded");

    public double LoadSeconds { get; private set; }

    /// <summary>
    /// Starts the embedded silo (keeping jobs in <paramref name="state"/>, obeying chaos when
    /// <paramref name="enableChaos"/>), or connects to the cluster <paramref name="connection"/> names.
    /// </summary>
    public static async Task<EngineSession> OpenAsync(
        ClusterConnection? connection, bool verbose, CancellationToken cancellationToken, StateStore? state = null, bool enableChaos = false)
    {
        var loggers = LoggerFactory.Create(b => ConfigureLogging(b, verbose));
        try
        {
            var cluster = connection is null
                ? await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, b => ConfigureLogging(b, verbose), cancellationToken, enableChaos, state)
                : await ShardCluster.ConnectAsync(connection, AlgorithmCatalog.WireTypes, b => ConfigureLogging(b, verbose), cancellationToken);
            return new EngineSession(cluster, loggers, connection is null);
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Plans <paramref name="data"/> into partitions on the cluster (default: twice its cores).</summary>
    public async Task<DatasetPlan> PlanAsync(DatasetOptions data, int? partitions, CancellationToken cancellationToken)
    {
        if (partitions is < 1 or > DatasetPlanner.MaximumPartitions)
        {
            throw new Commands.UsageException($"--partitions must be between 1 and {DatasetPlanner.MaximumPartitions:N0}");
        }

        var count = partitions ?? await _cluster.DefaultPartitionCountAsync(cancellationToken);
        return await _cluster.PlanAsync(data, count, cancellationToken);
    }

    /// <summary>Plans <paramref name="data"/> into partitions on the cluster and loads them there.</summary>
    public async Task<ClusterExecutor> LoadAsync(DatasetOptions data, int? partitions, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plan = await PlanAsync(data, partitions, cancellationToken);
        _executor = await _cluster.LoadAsync(plan, cancellationToken);
        LoadSeconds = clock.Elapsed.TotalSeconds;
        return _executor;
    }

    public async ValueTask DisposeAsync()
    {
        if (_executor is not null)
        {
            await _executor.DisposeAsync();
        }

        await _cluster.DisposeAsync();
        Loggers.Dispose();
    }

    /// <summary>Console logging to stderr (stdout is reserved for --json); Orleans only says something when it matters.</summary>
    public static void ConfigureLogging(ILoggingBuilder builder, bool verbose)
    {
        builder.ClearProviders();
        builder.AddSimpleConsole(o => o.SingleLine = true);
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        // Orleans logs what it retries or recovers from (a gateway list it cannot refresh, a silo that died) as errors with
        // traces; what a command cannot recover from it reports itself, in one line.
        builder.AddFilter("Orleans", verbose ? LogLevel.Information : LogLevel.Critical);
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a failed start is reported once, as the command's error
        // Orleans logs a failed state write with its trace under the store's type; the job reports it in one line.
        builder.AddFilter("ShardML.Runtime.Storage.FileGrainStorage", verbose ? LogLevel.Debug : LogLevel.None);
    }
}
