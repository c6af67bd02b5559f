using System.Security.Cryptography.X509Certificates;
using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Runtime;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Security;

namespace ShardML.Benchmarks;

/// <summary>
/// Three silos and a client in this process (Orleans' test host: they talk over loopback TCP, so every message is
/// serialized as across machines), each silo with a certificate of one CA as TLS silos have, and a sparse binary
/// classification dataset of <c>rows</c> rows with 50 non-zeros each loaded in 6 partitions, for timing one logistic-loss
/// gradient pass (d + 1 sums per partition) in the clear or under secure aggregation.
/// </summary>
internal sealed class ThreeSilos : IAsyncDisposable
{
    private const int NonZeros = 50;
    private const int Partitions = 6;
    private readonly List<IDisposable> _owned = [];
    private InProcessTestCluster _cluster = null!;
    private string _directory = null!;

    private ThreeSilos()
    {
    }

    public ClusterExecutor Executor { get; private set; } = null!;

    public LossGradientStep Step { get; private set; } = null!;

    public static async Task<ThreeSilos> StartAsync(int dimension, int rows, SecureAggregationMode mode)
    {
        var silos = new ThreeSilos { _directory = Directory.CreateTempSubdirectory("shardml-secure-bench-").FullName };
        var path = Path.Combine(silos._directory, "sparse.svm");
        DataFiles.WriteLibSvm(new SparseClassificationData(rows, dimension, Math.Min(NonZeros, dimension), 42), 0, rows, path);
        var authority = CertificateAuthority.CreateAuthority("bench-ca", TimeSpan.FromDays(1));
        silos._owned.Add(authority);
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes, credentials: new SiloCredentials(silos.Issue(authority, options.SiloName), embedded: false)));
        silos._cluster = builder.Build();
        await silos._cluster.DeployAsync();
        var shard = ShardCluster.FromGrainFactory(silos._cluster.Client, AlgorithmCatalog.WireTypes);
        shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = mode, Speculation = false };
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true, FeatureCount = dimension }, Partitions);
        silos.Executor = await shard.LoadAsync(plan, CancellationToken.None);
        var random = new Random(7);
        silos.Step = new LossGradientStep(
            [.. Enumerable.Range(0, dimension + 1).Select(_ => 0.01 * (random.NextDouble() - 0.5))], dimension, LossKind.Logistic, LabelEncoding.Binary(["-1", "1"], 1));
        return silos;
    }

    /// <summary>One pass; returns the loss so nothing is optimized away.</summary>
    public async Task<double> PassAsync()
    {
        var gradient = await Executor.RunAsync(Step, CancellationToken.None);
        var loss = gradient.Losses[0];
        gradient.Release();
        return loss;
    }

    public async ValueTask DisposeAsync()
    {
        await Executor.DisposeAsync();
        await _cluster.DisposeAsync();
        _owned.ForEach(o => o.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    private ClusterCertificates Issue(X509Certificate2 authority, string name)
    {
        var issued = new ClusterCertificates(
            X509CertificateLoader.LoadCertificate(authority.RawData),
            CertificateAuthority.Issue(authority, name, CertificateRole.Silo, ["127.0.0.1"], TimeSpan.FromDays(1)));
        lock (_owned)
        {
            _owned.Add(issued);
        }

        return issued;
    }
}
