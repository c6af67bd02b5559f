using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Benchmarks;

/// <summary>
/// The least-squares gradient on one partition of 250 000 × 64 floats (64 MB, far above the caches): the fused kernel
/// alone and the step. Compare bytes ÷ time with the machine's read bandwidth from <c>shardml bench</c>.
/// </summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private const int Rows = 250_000;
    private const int Features = 64;
    private Partition _partition = null!;
    private double[] _weights = null!;
    private double[] _gradient = null!;
    private LossGradientStep _step = null!;

    [GlobalSetup]
    public void Setup()
    {
        _partition = Partitions.Dense(new RegressionData(Rows, Features, 42));
        _weights = [.. Enumerable.Range(0, Features).Select(j => 0.01 * j)];
        _gradient = new double[Features];
        _step = new LossGradientStep([.. _weights, 0.5], Features, LossKind.Squared, LabelEncoding.Regression);
    }

    [Benchmark]
    public double FusedKernel()
    {
        double residuals = 0, squares = 0;
        Array.Clear(_gradient);
        LinearGradientKernel.Accumulate<SquaredLoss>(_partition.Dense!.AllRows, _partition.Labels, _weights, 0.5, _gradient, ref residuals, ref squares);
        return squares;
    }

    [Benchmark]
    public double GradientStep()
    {
        var summary = _step.Run(_partition, new StepContext(0, 0, CancellationToken.None));
        var loss = summary.Losses[0];
        summary.Release();
        return loss;
    }
}
