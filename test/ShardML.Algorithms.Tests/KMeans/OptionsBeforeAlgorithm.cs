using MemoryPack;
using ShardML.Algorithms.KMeans;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary><see cref="KMeansOptions"/> as saved before <see cref="KMeansOptions.Algorithm"/> existed: its first eight members.</summary>
[MemoryPackable]
public sealed partial record OptionsBeforeAlgorithm
{
    public required int NumberOfClusters { get; init; }

    public int MaximumIterations { get; init; } = 100;

    public double Tolerance { get; init; } = 1e-4;

    public ulong Seed { get; init; } = 42;

    public KMeansInitialization Initialization { get; init; } = KMeansInitialization.Parallel;

    public int InitializationSteps { get; init; } = 2;

    public double OversamplingFactor { get; init; } = 2.0;

    public IReadOnlyList<float[]>? InitialCenters { get; init; }
}
