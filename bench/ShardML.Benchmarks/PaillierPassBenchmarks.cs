using BenchmarkDotNet.Attributes;
using ShardML.Runtime;

namespace ShardML.Benchmarks;

/// <summary>
/// The same gradient pass as <see cref="SecurePassBenchmarks"/> at the model sizes Paillier can afford, masked and under
/// Paillier (2048-bit key; each silo encrypts its packed sums on the machine's cores, the driver adds and decrypts the
/// total): where the line between the two lies.
/// </summary>
[MemoryDiagnoser]
public class PaillierPassBenchmarks
{
    private ThreeSilos _silos = null!;

    [Params(100, 1_000)]
    public int Dimension { get; set; }

    [Params(SecureAggregationMode.Masking, SecureAggregationMode.Paillier)]
    public SecureAggregationMode Mode { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => _silos = await ThreeSilos.StartAsync(Dimension, 20_000, Mode);

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silos.DisposeAsync();

    [Benchmark]
    public Task<double> GradientPass() => _silos.PassAsync();
}
