using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
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
/// One logistic-loss gradient pass — the pass every iteration of gradient descent and L-BFGS makes — on three silos
/// (Orleans' test host: three silos and a client in this process, talking over loopback TCP, so every share is
/// serialized as across machines), in the clear and under masked secure aggregation. The data: 20 000 sparse rows
/// of <see cref="Dimension"/> features with 50 non-zeros each, in 6 partitions; the gradient is d + 1 sums per
/// partition, so the pass's cost beyond the kernel grows with d. The overhead of secure aggregation is the ratio of the
/// two means at each d.
/// </summary>
[MemoryDiagnoser]
public class SecurePassBenchmarks
{
    private const int Rows = 20_000;
    private const int NonZeros = 50;
    private const int Partitions = 6;
    private readonly List<IDisposable> _owned = [];
    private InProcessTestCluster _cluster = null!;
    private ClusterExecutor _executor = null!;
    private LossGradientStep _step = null!;
    private string _directory = null!;

    [Params(10_000, 1_000_000)]
    public int Dimension { get; set; }

    [Params(SecureAggregationMode.None, SecureAggregationMode.Masking)]
    public SecureAggregationMode Mode { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("shardml-secure-bench-").FullName;
        var path = Path.Combine(_directory, "sparse.svm");
        DataFiles.WriteLibSvm(new SparseClassificationData(Rows, Dimension, NonZeros, 42), 0, Rows, path);

        var authority = CertificateAuthority.CreateAuthority("bench-ca", TimeSpan.FromDays(1));
        _owned.Add(authority);
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) => silo.AddShardML(AlgorithmCatalog.WireTypes, credentials: new SiloCredentials(Issue(authority, options.SiloName), embedded: false)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        var shard = ShardCluster.FromGrainFactory(_cluster.Client, AlgorithmCatalog.WireTypes);
        shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = Mode, Speculation = false };
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true, FeatureCount = Dimension }, Partitions);
        _executor = await shard.LoadAsync(plan, CancellationToken.None);
        var random = new Random(7);
        _step = new LossGradientStep([.. Enumerable.Range(0, Dimension + 1).Select(_ => 0.01 * (random.NextDouble() - 0.5))], Dimension, LossKind.Logistic, LabelEncoding.Binary(["-1", "1"], 1));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _executor.DisposeAsync();
        await _cluster.DisposeAsync();
        _owned.ForEach(o => o.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<double> GradientPass()
    {
        var gradient = await _executor.RunAsync(_step, CancellationToken.None);
        var loss = gradient.Losses[0];
        gradient.Release();
        return loss;
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
