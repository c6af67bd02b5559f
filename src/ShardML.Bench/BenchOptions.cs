namespace ShardML.Bench;

/// <summary>What <see cref="BenchRunner"/> runs, with the workloads as defaults. Validated by <see cref="Validate"/>.</summary>
public sealed record BenchOptions
{
    /// <summary>Workloads by name: <c>kmeans</c>, <c>gd</c>.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = ["kmeans", "gd"];

    /// <summary>Rows of each dataset.</summary>
    public long Rows { get; init; } = 1_000_000;

    /// <summary>K-means: features, clusters and the blobs' standard deviation (scikit-learn's make_blobs).</summary>
    public int KMeansFeatures { get; init; } = 32;

    public int Clusters { get; init; } = 16;

    public double BlobDeviation { get; init; } = 2.0;

    /// <summary>Gradient descent: features.</summary>
    public int RegressionFeatures { get; init; } = 64;

    /// <summary>Timed iterations per executor; the report gives their median.</summary>
    public int Iterations { get; init; } = 15;

    /// <summary>Untimed iterations first (JIT tiering, caches).</summary>
    public int Warmup { get; init; } = 5;

    /// <summary>Partitions; null for twice the cores, the CLI's default.</summary>
    public int? Partitions { get; init; }

    public ulong Seed { get; init; } = 42;

    /// <summary>Also run every workload through the embedded Orleans silo and report the runtime's overhead.</summary>
    public bool Cluster { get; init; } = true;

    /// <summary>Where the CSV files go (kept, and reused when present); null for a temporary folder deleted afterwards.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Also write each dataset (and K-means' starting centers) as <c>.npy</c> here, for the comparison scripts.</summary>
    public string? ExportDirectory { get; init; }

    /// <summary>Bytes of the array the bandwidth probe reads; far above the last-level cache.</summary>
    public long ProbeBytes { get; init; } = 256L << 20;

    /// <summary>Steps of each FMA-peak probe run (12 chains of vector FMAs per step).</summary>
    public long ProbeIterations { get; init; } = 20_000_000;

    /// <summary>A small, fast configuration: 100 000 rows, fewer iterations, a smaller probe.</summary>
    public static BenchOptions Quick { get; } = new() { Rows = 100_000, Iterations = 5, Warmup = 2, ProbeBytes = 64L << 20, ProbeIterations = 4_000_000 };

    public string? Validate()
    {
        if (Workloads.Count == 0 || Workloads.Any(w => w is not ("kmeans" or "gd")))
        {
            return "workloads are kmeans and gd";
        }

        if (Rows < 1000)
        {
            return "at least 1000 rows";
        }

        if (Iterations < 1 || Warmup < 0)
        {
            return "at least one timed iteration and no negative warm-up";
        }

        if (KMeansFeatures < 1 || Clusters < 1 || RegressionFeatures < 1 || !(BlobDeviation > 0))
        {
            return "features and clusters must be at least 1 and the deviation positive";
        }

        return Partitions is < 1 ? "at least one partition" : null;
    }
}
