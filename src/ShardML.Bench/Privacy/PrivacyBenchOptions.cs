namespace ShardML.Bench.Privacy;

/// <summary>
/// What <see cref="PrivacyBench"/> measures: each private trainer against its non-private counterpart on generated data
/// of <see cref="Rows"/> rows, at (<see cref="Epsilon"/>, <see cref="Delta"/>). The data's public bounds come from how it
/// is generated (standard normal features, blobs in a known box), never from the rows.
/// </summary>
public sealed record PrivacyBenchOptions
{
    /// <summary>Training rows of each data set; held-out rows are a tenth more, generated past them.</summary>
    public long Rows { get; init; } = 100_000;

    /// <summary>Features of the classification and regression sets.</summary>
    public int Features { get; init; } = 20;

    /// <summary>K-means: features, clusters and the blobs' standard deviation.</summary>
    public int KMeansFeatures { get; init; } = 5;

    public int Clusters { get; init; } = 5;

    public double BlobDeviation { get; init; } = 1.0;

    /// <summary>DP-Lloyd's iterations, fixed up front: ε splits evenly over them (Su et al. 2016 find a handful best).</summary>
    public int KMeansIterations { get; init; } = 5;

    public double Epsilon { get; init; } = 1;

    public double Delta { get; init; } = 1e-5;

    /// <summary>Partitions; null for twice the cores.</summary>
    public int? Partitions { get; init; }

    public ulong Seed { get; init; } = 42;

    /// <summary>For the bench's own tests: seeded noise (a model trained with it protects nothing); null in real runs.</summary>
    public ulong? NoiseTestSeed { get; init; }

    public string? Validate() =>
        Rows < 1000 ? "at least 1000 rows"
        : Features < 1 || KMeansFeatures < 1 || Clusters < 2 || !(BlobDeviation > 0) ? "features at least 1, clusters at least 2 and a positive deviation"
        : KMeansIterations < 1 ? "at least one K-means iteration"
        : !(Epsilon > 0) || double.IsInfinity(Epsilon) || !(Delta > 0 && Delta < 1) ? "ε a finite number > 0 and δ in (0, 1)"
        : Partitions is < 1 ? "at least one partition"
        : null;
}
