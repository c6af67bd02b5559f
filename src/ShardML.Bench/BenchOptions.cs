using ShardML.Algorithms.LinearModels;

namespace ShardML.Bench;

/// <summary>What <see cref="BenchRunner"/> runs, with the workloads as defaults. Validated by <see cref="Validate"/>.</summary>
public sealed record BenchOptions
{
    /// <summary>Workloads by name: <c>kmeans</c>, <c>gd</c>, <c>sgd</c> (dense hinge-loss SGD), <c>sparse-sgd</c> (the same on CSR rows).</summary>
    public IReadOnlyList<string> Workloads { get; init; } = ["kmeans", "gd", "sgd", "sparse-sgd"];

    /// <summary>All workload names; <c>exchange</c> (a payload between two silo processes, <see cref="ExchangeBench"/>) only when asked for.</summary>
    public static IReadOnlyList<string> WorkloadNames { get; } = ["kmeans", "gd", "sgd", "sparse-sgd", ExchangeWorkload];

    /// <summary>The workload that times payloads between two silo processes rather than iterations.</summary>
    public const string ExchangeWorkload = "exchange";

    /// <summary>Exchange: the payload's bytes (a 10⁶-feature gradient of doubles) and the timed round trips per path.</summary>
    public int ExchangeBytes { get; init; } = 8_000_000;

    public int ExchangeRounds { get; init; } = 5;

    /// <summary>
    /// Exchange: bytes of live arrays this process holds while it measures (<see cref="ExchangeBallast"/>), for the
    /// heap of a process that holds datasets; 0 for none.
    /// </summary>
    public long ExchangeBallastBytes { get; init; }

    /// <summary>Rows of each dataset.</summary>
    public long Rows { get; init; } = 1_000_000;

    /// <summary>K-means: features, clusters and the blobs' standard deviation (scikit-learn's make_blobs).</summary>
    public int KMeansFeatures { get; init; } = 32;

    public int Clusters { get; init; } = 16;

    public double BlobDeviation { get; init; } = 2.0;

    /// <summary>Gradient descent and dense SGD: features.</summary>
    public int RegressionFeatures { get; init; } = 64;

    /// <summary>Sparse SGD: rows, features and non-zeros per row (a LibSVM file; not scaled by <see cref="Rows"/>).</summary>
    public long SparseRows { get; init; } = 200_000;

    public int SparseFeatures { get; init; } = 100_000;

    public int SparseNonZeros { get; init; } = 40;

    /// <summary>Classifiers: held-out test rows, as a fraction of the training rows.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Rows per row group of the Parquet copy of dense data, whose load is timed beside CSV's and <c>.shard</c>'s: 64 Ki rows cut 10⁶ rows into 16 groups, so every partition of a small machine gets several.</summary>
    public int ParquetRowGroupRows { get; init; } = 1 << 16;

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

    /// <summary>How the SGD workloads' local steps pick their rows.</summary>
    public RowOrder SgdRowOrder { get; init; } = RowOrder.Uniform;

    /// <summary>Steps of each FMA-peak probe run (12 chains of vector FMAs per step).</summary>
    public long ProbeIterations { get; init; } = 20_000_000;

    /// <summary>
    /// How to start a fresh <c>shardml</c> for the cold-start runs of K-means (<see cref="ColdStart"/>); null to skip
    /// them (a library caller has no command line to start).
    /// </summary>
    public ChildProcess? ColdStartProcess { get; init; }

    /// <summary>Cold-start runs: whole K-means jobs, each in a new process; 0 for none.</summary>
    public int ColdStartRuns { get; init; } = 3;

    /// <summary>Lloyd iterations of each cold-start job (the 20).</summary>
    public int ColdStartIterations { get; init; } = 20;

    /// <summary>A small, fast configuration: 100 000 rows, fewer iterations, a smaller probe, one cold-start run.</summary>
    public static BenchOptions Quick { get; } = new() { Rows = 100_000, SparseRows = 20_000, Iterations = 5, Warmup = 2, ProbeBytes = 64L << 20, ProbeIterations = 4_000_000, ColdStartRuns = 1, ColdStartIterations = 10 };

    public string? Validate()
    {
        if (Workloads.Count == 0 || Workloads.Any(w => !WorkloadNames.Contains(w)))
        {
            return "workloads are " + string.Join(", ", WorkloadNames);
        }

        if (Rows < 1000)
        {
            return "at least 1000 rows";
        }

        if (Iterations < 1 || Warmup < 0)
        {
            return "at least one timed iteration and no negative warm-up";
        }

        if (SparseRows < 1000 || SparseNonZeros < 1 || SparseNonZeros > SparseFeatures || !(TestFraction > 0 && TestFraction <= 1))
        {
            return "the sparse set needs at least 1000 rows and 1 ≤ non-zeros ≤ features, and the test fraction is in (0, 1]";
        }

        if (KMeansFeatures < 1 || Clusters < 1 || RegressionFeatures < 1 || !(BlobDeviation > 0))
        {
            return "features and clusters must be at least 1 and the deviation positive";
        }

        if (ColdStartRuns < 0 || ColdStartIterations < 4)
        {
            return "no negative number of cold-start runs, and at least 4 iterations in each";
        }

        if (Workloads.Contains(ExchangeWorkload) && (!Cluster || ColdStartProcess is null || ExchangeBytes < 1 || ExchangeRounds < 1 || ExchangeBallastBytes < 0))
        {
            return "the exchange needs the embedded silo, a command line to start a second one, a payload of at least a byte, at least one round and no negative ballast";
        }

        if (ParquetRowGroupRows < 1)
        {
            return "at least one row per Parquet row group";
        }

        return Partitions is < 1 ? "at least one partition" : null;
    }
}
