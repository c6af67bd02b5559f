using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.KMeans;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// A settled K-means iteration on one partition of 250 000 rows, Lloyd's against the bounded step's (the same
/// sums). The centers are those of Lloyd iterations 30 and 31 from the blobs' starting centers; the bounded pass
/// alternates between the two, so each pass moves the centers by a real Lloyd step and its bounds loosen as they
/// would. Early passes, while centers still move far, are not measured here: there the bounded step searches most
/// rows and costs more than Lloyd's.
/// </summary>
[MemoryDiagnoser]
public class BoundedLloydBenchmarks
{
    private const int Rows = 250_000;
    private const int Features = 32;
    private const int SettleIterations = 30;
    private Partition _partition = null!;
    private float[][] _centers = null!;
    private int _turn;

    [Params(16, 64)]
    public int Clusters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = new BlobData(Rows, Features, Clusters, 2.0, 42);
        _partition = Partitions.Dense(data);
        var centers = data.InitialCenters();
        var settled = new List<float[]>();
        for (var i = 0; i <= SettleIterations; i++)
        {
            var summary = new LloydStep(centers, Clusters, Features, 0).Run(_partition, new StepContext(0, 0, CancellationToken.None));
            centers = Means(summary, centers);
            if (i >= SettleIterations - 1)
            {
                settled.Add(centers);
            }
        }

        _centers = [.. settled];
        Bounded(); // the first pass finds every row's bounds
        Bounded();
    }

    [Benchmark(Baseline = true)]
    public LloydSummary Lloyd() => new LloydStep(_centers[1], Clusters, Features, Clusters).Run(_partition, new StepContext(0, 0, CancellationToken.None));

    [Benchmark]
    public LloydSummary Bounded()
    {
        _turn ^= 1;
        return new BoundedLloydStep(_centers[_turn], Clusters, Features, Clusters, "bench").Run(_partition, new StepContext(0, 0, CancellationToken.None));
    }

    private float[] Means(LloydSummary summary, float[] centers)
    {
        var next = (float[])centers.Clone();
        for (var j = 0; j < Clusters; j++)
        {
            for (var f = 0; f < Features && summary.Counts[j] > 0; f++)
            {
                next[(j * Features) + f] = (float)(summary.Sums[(j * Features) + f] / summary.Counts[j]);
            }
        }

        return next;
    }
}
