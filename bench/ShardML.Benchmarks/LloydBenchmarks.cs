using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.KMeans;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// The K-means kernels on one partition of 250 000 rows (a quarter of the workload): the assignment alone, and
/// the whole Lloyd step (assignment, cluster sums, inertia, farthest rows). Report GFLOP/s as 2·n·k·d ÷ time.
/// </summary>
[MemoryDiagnoser]
public class LloydBenchmarks
{
    private const int Rows = 250_000;
    private Partition _partition = null!;
    private LloydStep _step = null!;
    private PackedCenters _packed = null!;
    private int[] _nearest = null!;
    private float[] _distances = null!;

    [Params(32)]
    public int Features { get; set; }

    [Params(16, 64)]
    public int Clusters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = new BlobData(Rows, Features, Clusters, 2.0, 42);
        _partition = Partitions.Dense(data);
        var centers = data.InitialCenters();
        _step = new LloydStep(centers, Clusters, Features, Clusters);
        _packed = new PackedCenters(centers, Clusters, Features);
        _nearest = new int[Rows];
        _distances = new float[Rows];
        BlockedAssignment.Assign(_partition.Dense!.AllRows, _packed, _nearest, _distances);
    }

    [Benchmark]
    public void Assignment() => BlockedAssignment.Assign(_partition.Dense!.AllRows, _packed, _nearest, _distances);

    /// <summary>The update half alone, from the assignment's result: what the step adds to the kernel.</summary>
    [Benchmark]
    public double ClusterSumsOnly()
    {
        var sums = new double[Clusters * Features];
        var counts = new long[Clusters];
        ClusterSums.Add(_partition.Dense!.AllRows, Features, _nearest, sums, counts);
        return sums[0];
    }

    [Benchmark]
    public LloydSummary LloydStep() => _step.Run(_partition, new StepContext(0, 0, CancellationToken.None));
}
