using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// One full-batch loss-and-gradient pass (what L-BFGS runs per evaluation) over a partition of 100 000 × 32 floats of
/// 5 blobs, for the k = 5 outputs of a one-vs-rest and of a multinomial (softmax) model: the same 2·k·d multiply-adds
/// per row, k logistic losses against one log-sum-exp.
/// </summary>
[MemoryDiagnoser]
public class MulticlassGradientBenchmarks
{
    private const int Rows = 100_000;
    private const int Features = 32;
    private const int Classes = 5;
    private Partition _partition = null!;
    private LossGradientStep _step = null!;

    [Params(MulticlassStrategy.OneVsRest, MulticlassStrategy.Softmax)]
    public MulticlassStrategy Multiclass { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _partition = Partitions.Blobs(new BlobData(Rows, Features, Classes, 3, 42));
        var classes = Enumerable.Range(0, Classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var encoding = Multiclass == MulticlassStrategy.Softmax ? LabelEncoding.Softmax(classes) : LabelEncoding.OneVsRest(classes);
        var coefficients = Enumerable.Range(0, Classes * (Features + 1)).Select(i => 0.001 * ((i % 17) - 8)).ToArray();
        _step = new LossGradientStep(coefficients, Features, LossKind.Logistic, encoding);
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
