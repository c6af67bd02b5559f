using BenchmarkDotNet.Attributes;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Bench;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Benchmarks;

/// <summary>
/// One local SGD round on one partition of the SGD workload (250 000 × 64 floats, hinge loss, one row a step, as many
/// steps as rows): the per-step cost of the sampler, the dot, the lazily scaled update and the schedule. Divide the
/// time by the steps for nanoseconds per row; the rows come from DRAM in random order, prefetched.
/// </summary>
[MemoryDiagnoser]
public class SgdBenchmarks
{
    private const int Rows = 250_000;
    private const int Features = 64;
    private Partition _partition = null!;
    private LocalSgdStep _step = null!;

    [GlobalSetup]
    public void Setup()
    {
        _partition = Partitions.Classified(new ClassificationData(Rows, Features, 42), ["0", "1"]);
        var rate = new LearningRate(LearningRateSchedule.Pegasos, Math.Pow(SgdWorkload.L2, -0.25), SgdWorkload.L2);
        _step = new LocalSgdStep(new double[Features + 1], Features, LossKind.Hinge, LabelEncoding.Binary(["0", "1"], 1), rate, [1], Rows, 42, 1_000, null);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double LocalSgdStepPerRow()
    {
        var sum = _step.Run(_partition, new StepContext(0, 0, CancellationToken.None));
        var loss = sum.LossSum;
        sum.Release();
        return loss;
    }
}
