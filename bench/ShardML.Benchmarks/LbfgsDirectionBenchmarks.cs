using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Numerics;

namespace ShardML.Benchmarks;

/// <summary>
/// One L-BFGS direction on the driver, the two-loop recursion over m = 10 pairs of 10⁵ + 1 doubles (the issue-17
/// sparse job's shape, 16 MB of pairs), with and without the diagonal preconditioner, against one plain read of the
/// pairs — the floor a direction that reads each pair twice cannot go below half of.
/// </summary>
public class LbfgsDirectionBenchmarks
{
    private const int Length = 100_001;
    private const int Pairs = 10;
    private readonly double[] _direction = new double[Length];
    private LbfgsMemory _plain = null!;
    private LbfgsMemory _preconditioned = null!;
    private double[][] _vectors = null!;
    private double[] _gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        double[] Vector(double low, double high) => [.. Enumerable.Range(0, Length).Select(_ => low + ((high - low) * random.NextDouble()))];
        var curvature = Vector(0.1, 10);
        var preconditioner = Vector(0.01, 100);
        _plain = new LbfgsMemory(Pairs);
        _preconditioned = new LbfgsMemory(Pairs, preconditioner: preconditioner);
        _vectors = new double[2 * Pairs][];
        for (var k = 0; k < Pairs; k++)
        {
            var s = Vector(-1, 1);
            var y = s.Select((v, j) => curvature[j] * v).ToArray();
            _plain.Push(s, y);
            _preconditioned.Push(s, y);
            (_vectors[2 * k], _vectors[(2 * k) + 1]) = (s, y);
        }

        _gradient = Vector(-1, 1);
    }

    [Benchmark]
    public double Plain()
    {
        _plain.Direction(_gradient, _direction);
        return _direction[0];
    }

    [Benchmark]
    public double Preconditioned()
    {
        _preconditioned.Direction(_gradient, _direction);
        return _direction[0];
    }

    [Benchmark(Baseline = true)]
    public double ReadThePairs()
    {
        double sum = 0;
        foreach (var vector in _vectors)
        {
            sum += DoubleKernels.Dot(vector, vector);
        }

        return sum;
    }
}
