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
        ClusterConnection? connection, LogVerbosity verbosity, CancellationToken cancellationToken, StateStore? state = null, bool enableChaos = false)
    {
        var loggers = LoggerFactory.Create(verbosity.Configure);
        try
        {
            var cluster = connection is null
                ? await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, verbosity.Configure, cancellationToken, enableChaos, state)
                : await ShardCluster.ConnectAsync(connection, AlgorithmCatalog.WireTypes, verbosity.Configure, cancellationToken);
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

    /// <summary>Plans <paramref name="data"/> into partitions on the cluster and loads them there, reporting the bytes and rows read as it goes.</summary>
    public async Task<ClusterExecutor> LoadAsync(DatasetOptions data, int? partitions, IProgress<Core.Execution.LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plan = await PlanAsync(data, partitions, cancellationToken);
        _executor = await _cluster.LoadAsync(plan, progress, cancellationToken);
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
}
