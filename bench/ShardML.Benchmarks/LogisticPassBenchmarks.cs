using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// One L-BFGS logistic pass on a partition of 1 250 000 × 40 floats (200 MB, a quarter of the issue-17 dense set),
/// one core: the step (<see cref="LossGradientStep"/>, its fused block kernel) against a plain read of the same
/// bytes (a vector sum), the floor a pass cannot go below. The step's time over the read's is how far the pass is
/// from the memory bandwidth.
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
