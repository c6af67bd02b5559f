using Microsoft.Extensions.Logging;
using ShardML.Algorithms;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Models.Diagnostics;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Security;

namespace ShardML;

/// <summary>
/// The entry point of the library, in the spirit of ML.NET's <c>MLContext</c>: a connection to where training runs —
/// one silo inside this process (<see cref="StartEmbeddedAsync"/>), or a cluster of them (<see cref="ConnectAsync"/>)
/// — with its data catalog (<see cref="Data"/>) and the algorithms' trainers as extension methods
/// (<c>ml.KMeans(4)</c>, <c>ml.LinearRegression()</c>, <c>ml.LogisticRegression()</c>, <c>ml.LinearSvm()</c>).
/// Trained models predict single rows on their own, without a context.
/// </summary>
/// <example>
/// <code>
/// await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);
/// var model = await ml.KMeans(4).TrainAsync(ml.Data.FromCsv("samples/blobs.csv", label: "species"));
/// var cluster = model.Predict([1f, 2f, 3f]).Cluster;
/// </code>
/// </example>
public sealed class ShardMLContext : ITrainingHost, IAsyncDisposable
{
    private readonly ShardCluster _cluster;
    private readonly ShardMLContextOptions _options;
    private readonly bool _embedded;
    private readonly List<string> _temporaryDirectories = [];
    private readonly Lock _staging = new();
    private string? _stagingDirectory;

    private ShardMLContext(ShardCluster cluster, ulong seed, ShardMLContextOptions options, bool embedded, string? temporaryState)
    {
        _cluster = cluster;
        Seed = seed;
        _options = options;
        _embedded = embedded;
        if (temporaryState is not null)
        {
            _temporaryDirectories.Add(temporaryState);
        }

        Data = new DataCatalog(StagingDirectory);
    }

    /// <inheritdoc/>
    public ulong Seed { get; }

    /// <summary>Where datasets come from: files, or rows in memory.</summary>
    public DataCatalog Data { get; }

    /// <summary>Where this context runs: "embedded" or the cluster and its membership store.</summary>
    public string Cluster => _cluster.Description;

    /// <summary>
    /// Starts one silo inside this process on free loopback ports: nothing to set up. Jobs keep their checkpoints in
    /// <see cref="ShardMLContextOptions.StateDirectory"/> (default: a temporary directory removed with the context).
    /// </summary>
    public static async Task<ShardMLContext> StartEmbeddedAsync(ulong seed = 42, ShardMLContextOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ShardMLContextOptions();
        Validate(options);
        var temporary = options.StateDirectory is null ? Directory.CreateTempSubdirectory("shardml-state-").FullName : null;
        try
        {
            var cluster = await ShardCluster.StartEmbeddedAsync(
                AlgorithmCatalog.WireTypes, Logging(options), cancellationToken, enableChaos: false, new FileStateStore(options.StateDirectory ?? temporary!));
            cluster.ExecutorOptions = options.Jobs.Executor;
            return new ShardMLContext(cluster, seed, options, embedded: true, temporary);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>
    /// Connects to a running cluster through its membership store (<c>redis://HOST:PORT</c> or
    /// <c>postgres://USER@HOST:PORT/DB</c>) with mutual TLS from <paramref name="certificates"/> — a directory holding the
    /// cluster's <c>ca.crt</c> and this client's <c><paramref name="certificateName"/>.crt/.key</c> (see <c>shardml cert</c>) —
    /// or in plaintext when it is null (the silos must run insecure too).
    /// </summary>
    public static async Task<ShardMLContext> ConnectAsync(
        string membership,
        string? certificates,
        string certificateName = "client",
        string clusterId = ClusterConnection.DefaultClusterId,
        ulong seed = 42,
        ShardMLContextOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ShardMLContextOptions();
        Validate(options);
        if (certificates is null && options.SubmittedJobs.Executor.SecureAggregation != SecureAggregationMode.None)
        {
            throw new ArgumentException("secure aggregation (`SecureAggregation`) needs the cluster's mutual TLS: connect with the client's certificates", nameof(certificates));
        }

        var connection = new ClusterConnection
        {
            Membership = MembershipStore.Parse(membership),
            ClusterId = clusterId,
            Certificates = certificates is null ? null : ClusterCertificates.Load(certificates, certificateName),
        };
        var cluster = await ShardCluster.ConnectAsync(connection, AlgorithmCatalog.WireTypes, Logging(options), cancellationToken);
        cluster.ExecutorOptions = options.Jobs.Executor;
        return new ShardMLContext(cluster, seed, options, embedded: false, null);
    }

    /// <inheritdoc/>
    public async Task<TrainingJob<TModel>> SubmitAsync<TModel>(ITrainingJob job, DataSource data, string? jobId, CancellationToken cancellationToken)
        where TModel : TrainedModel
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(data);
        var plan = await PlanAsync(job.DataFor(data.Options), cancellationToken);
        var id = jobId ?? $"{typeof(TModel).Name.Replace("Model", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        await _cluster.SubmitAsync(id, job, plan, _options.SubmittedJobs with { Algorithm = typeof(TModel).Name }, cancellationToken);
        return new TrainingJob<TModel>(id, new ClusterJobControl(_cluster, id, _embedded ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromMilliseconds(250)));
    }

    /// <summary>
    /// Predicts every row of <paramref name="data"/>, partitioned on the cluster; the data must have the model's input
    /// columns, which are read as training read them (categories encoded, missing values filled). Columns the data
    /// keeps (<see cref="DataSource.Keeping"/>) come with each row's prediction.
    /// </summary>
    public async Task<Predictions> PredictAsync(TrainedModel model, DataSource data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var executor = await LoadAsync(model.DataFor(data.Options, readLabels: false), cancellationToken);
        var predictions = await executor.RunAsync(model.CreatePredictStep(), cancellationToken);
        var kept = data.Options.Keep is { Count: > 0 } ? (await executor.RunAsync(new KeptColumnsStep(), cancellationToken)).Columns : null;
        return new Predictions(model, predictions, data.Options.Keep, kept);
    }

    /// <summary>Measures <paramref name="model"/> on <paramref name="data"/>: R², RMSE, MAE; accuracy, precision, recall, F1, ROC AUC; inertia and the adjusted Rand index.</summary>
    public async Task<IReadOnlyDictionary<string, double>> EvaluateAsync(TrainedModel model, DataSource data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var plan = await PlanAsync(model.DataFor(data.Options, readLabels: true), cancellationToken);
        await using var executor = await _cluster.LoadAsync(plan, _options.SubmittedJobs.Executor, cancellationToken); // sums: aggregated as training is
        if (model.EvaluationNeedsLabel && !executor.Dataset.Schema.HasLabel)
        {
            throw new FeatureMismatchException($"the data has no label column '{model.LabelName}' to evaluate against");
        }

        return model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), cancellationToken));
    }

    /// <summary>
    /// The data behind <paramref name="model"/>'s plots on <paramref name="data"/> (<see cref="TrainedModel.DiagnoseAsync"/>):
    /// the loss curve, a classifier's confusion matrix and ROC and precision–recall curves, a regression's predictions
    /// against labels on a sample of rows, K-means' rows and centers on two principal components.
    /// </summary>
    public async Task<ModelDiagnostics> DiagnoseAsync(TrainedModel model, DataSource data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var executor = await LoadAsync(model.DataFor(data.Options, readLabels: model.EvaluationNeedsLabel), cancellationToken);
        if (model.EvaluationNeedsLabel && !executor.Dataset.Schema.HasLabel)
        {
            throw new FeatureMismatchException($"the data has no label column '{model.LabelName}' to plot against");
        }

        return await model.DiagnoseAsync(executor, cancellationToken);
    }

    /// <summary>
    /// Writes a masked copy of a CSV dataset for sharing — keyed pseudonyms, dropped columns, rounding, buckets, Laplace
    /// noise (<see cref="Core.Data.Masking.MaskOptions"/>) — a part per partition, written on the cluster, with a manifest.
    /// </summary>
    public async Task<Core.Data.Masking.MaskManifest> MaskAsync(Core.Data.Masking.MaskOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var partitions = _options.Partitions ?? await _cluster.DefaultPartitionCountAsync(cancellationToken);
        return await _cluster.MaskAsync(options, partitions, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var directory in _temporaryDirectories)
        {
            DeleteQuietly(directory);
        }
    }

    private async Task<DatasetPlan> PlanAsync(DatasetOptions data, CancellationToken cancellationToken)
    {
        var partitions = _options.Partitions ?? await _cluster.DefaultPartitionCountAsync(cancellationToken);
        return await _cluster.PlanAsync(data, partitions, cancellationToken);
    }

    private async Task<ClusterExecutor> LoadAsync(DatasetOptions data, CancellationToken cancellationToken) =>
        await _cluster.LoadAsync(await PlanAsync(data, cancellationToken), cancellationToken);

    /// <summary>The directory in-memory data is written to: the options', else (embedded only) a temporary one made on first use.</summary>
    private string StagingDirectory()
    {
        lock (_staging)
        {
            if (_stagingDirectory is not null)
            {
                return _stagingDirectory;
            }

            if (_options.StagingDirectory is { } given)
            {
                return _stagingDirectory = Path.GetFullPath(given);
            }

            if (!_embedded)
            {
                throw new InvalidOperationException(
                    $"data in memory is written to a file every silo must read; set {nameof(ShardMLContextOptions)}.{nameof(ShardMLContextOptions.StagingDirectory)} to a directory they all see at the same path");
            }

            _stagingDirectory = Directory.CreateTempSubdirectory("shardml-data-").FullName;
            _temporaryDirectories.Add(_stagingDirectory);
            return _stagingDirectory;
        }
    }

    private static void Validate(ShardMLContextOptions options)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>The caller's logging, or none: a library does not write to the console unless asked.</summary>
    private static Action<ILoggingBuilder> Logging(ShardMLContextOptions options) => builder =>
    {
        builder.ClearProviders();
        builder.SetMinimumLevel(LogLevel.Warning);
        options.Logging?.Invoke(builder);
    };

    private static void DeleteQuietly(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open by a silo that has not let go yet: a temporary directory the system cleans.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
