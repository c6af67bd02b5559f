using BenchmarkDotNet.Attributes;
using ShardML.Runtime;

namespace ShardML.Benchmarks;

/// <summary>
/// One logistic-loss gradient pass — the pass every iteration of gradient descent and L-BFGS makes — on three silos
/// (<see cref="ThreeSilos"/>: 20 000 sparse rows, 6 partitions), in the clear and under masked secure aggregation. The
/// overhead of secure aggregation at each d is the ratio of the two means.
/// </summary>
[MemoryDiagnoser]
public class SecurePassBenchmarks
{
    private ThreeSilos _silos = null!;

    [Params(10_000, 1_000_000)]
    public int Dimension { get; set; }

    [Params(SecureAggregationMode.None, SecureAggregationMode.Masking)]
    public SecureAggregationMode Mode { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => _silos = await ThreeSilos.StartAsync(Dimension, 20_000, Mode);

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silos.DisposeAsync();

    [Benchmark]
    public Task<double> GradientPass() => _silos.PassAsync();
}
