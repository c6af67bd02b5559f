using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// What one pass of <c>shardml tune</c> costs a partition of 250 000 × 64 floats (64 MB, far above the caches) for 10
/// candidates' loss gradients: the fused step (<see cref="MultiLossGradientStep"/>, the rows read once) against the 10
/// steps one after another (the rows read 10 times), for least squares and the logistic loss. Both give the same bits.
/// </summary>
[MemoryDiagnoser]
public class MultiCandidateGradientBenchmarks
{
    private const int Rows = 250_000;
    private const int Features = 64;
    private const int Candidates = 10;
    private Partition _partition = null!;
    private LossGradientStep[] _steps = null!;
    private MultiLossGradientStep _fused = null!;

    [Params(LossKind.Squared, LossKind.Logistic)]
    public LossKind Loss { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var classification = Loss != LossKind.Squared;
        _partition = classification ? Partitions.Classified(new ClassificationData(Rows, Features, 42), ["0", "1"]) : Partitions.Dense(new RegressionData(Rows, Features, 42));
        var encoding = classification ? LabelEncoding.Binary(["0", "1"], 1) : LabelEncoding.Regression;
        _steps = [.. Enumerable.Range(0, Candidates).Select(c => new LossGradientStep([.. Enumerable.Range(0, Features).Select(j => 0.01 * (j + c)), 0.5], Features, Loss, encoding))];
        _fused = new MultiLossGradientStep(_steps);
    }

    [Benchmark(Baseline = true)]
    public double OneAfterAnother()
    {
        double total = 0;
        foreach (var step in _steps)
        {
            var summary = step.Run(_partition, new StepContext(0, 0, CancellationToken.None));
            total += summary.Losses[0];
            summary.Release();
        }

        return total;
    }

    [Benchmark]
    public double Fused()
    {
        var summary = _fused.Run(_partition, new StepContext(0, 0, CancellationToken.None));
        var total = summary.Parts.Sum(p => ((LossGradient)p).Losses[0]);
        summary.Release();
        return total;
    }
}
