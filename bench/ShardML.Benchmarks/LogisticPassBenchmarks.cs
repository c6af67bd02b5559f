using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// One L-BFGS logistic pass on a partition of 1 250 000 × 40 floats (200 MB, a quarter of the issue-17 dense set),
/// one core: the step (<see cref="LossGradientStep"/>, its fused block kernel) against a plain read of the same
/// bytes (a vector sum), the floor a pass cannot go below. The step's time over the read's is how far the pass is
/// from the memory bandwidth. The feature statistics L-BFGS's preconditioner and standardization take first
/// (<see cref="FeatureStatisticsStep"/>: a sweep for the means, one for the squared deviations) read the rows twice.
/// </summary>
[MemoryDiagnoser]
public class LogisticPassBenchmarks
{
    private const int Rows = 1_250_000;
    private const int Features = 40;
    private Partition _partition = null!;
    private LossGradientStep _step = null!;

    [GlobalSetup]
    public void Setup()
    {
        _partition = Partitions.Classified(new ClassificationData(Rows, Features, 42), ["0", "1"]);
        _step = new LossGradientStep([.. Enumerable.Range(0, Features).Select(j => 0.01 * (j - 20)), 0.1], Features, LossKind.Logistic, LabelEncoding.Binary(["0", "1"], 1));
    }

    [Benchmark]
    public double LogisticStep()
    {
        var summary = _step.Run(_partition, new StepContext(0, 0, CancellationToken.None));
        var loss = summary.Losses[0];
        summary.Release();
        return loss;
    }

    [Benchmark]
    public double FeatureStatistics() => new FeatureStatisticsStep(Features).Run(_partition, new StepContext(0, 0, CancellationToken.None)).M2[0];

    /// <summary>The same two sweeps as plain scalar loops: the reference the step's widening kernels are held to.</summary>
    [Benchmark]
    public double FeatureStatisticsScalar()
    {
        var rows = _partition.Dense!.AllRows;
        var mean = new double[Features];
        var m2 = new double[Features];
        for (var i = 0; i < rows.Length; i += Features)
        {
            for (var j = 0; j < Features; j++)
            {
                mean[j] += rows[i + j];
            }
        }

        for (var j = 0; j < Features; j++)
        {
            mean[j] /= Rows;
        }

        for (var i = 0; i < rows.Length; i += Features)
        {
            for (var j = 0; j < Features; j++)
            {
                var deviation = rows[i + j] - mean[j];
                m2[j] += deviation * deviation;
            }
        }

        return m2[0];
    }

    [Benchmark(Baseline = true)]
    public float ReadTheRows()
    {
        var values = MemoryMarshal.Cast<float, Vector512<float>>(_partition.Dense!.AllRows);
        Vector512<float> a = default, b = default;
        var i = 0;
        for (; i + 1 < values.Length; i += 2)
        {
            a += values[i];
            b += values[i + 1];
        }

        return Vector512.Sum(a + b);
    }
}
