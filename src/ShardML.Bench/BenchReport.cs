namespace ShardML.Bench;

/// <summary>Everything one benchmark run measured, for people (a table) and scripts (JSON).</summary>
public sealed record BenchReport(
    MachineLimits Machine,
    double? LoadAverageBefore,
    double? LoadAverageAfter,
    int Partitions,
    IReadOnlyList<WorkloadReport> Workloads)
{
    /// <summary>A payload between this process's silo and a second silo process, both ways; null unless the exchange ran.</summary>
    public Runtime.Transfer.ExchangeMeasurement? Exchange { get; init; }

    /// <summary>Bytes of live arrays this process held while the exchange measured (<see cref="BenchOptions.ExchangeBallastBytes"/>).</summary>
    public long ExchangeBallastBytes { get; init; }
}

/// <summary>One workload: its size, the limit, each executor's timings, loading, and the Orleans runtime's overhead.</summary>
/// <param name="Name">kmeans or gd.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Features">Features per row.</param>
/// <param name="Clusters">K-means' k; 0 otherwise.</param>
/// <param name="BytesPerIteration">Bytes an iteration must read.</param>
/// <param name="FlopsPerIteration">Flops an iteration needs.</param>
/// <param name="LimitMilliseconds">The machine's limit for one iteration: the larger of bytes ÷ bandwidth and flops ÷ FMA peak, all cores.</param>
/// <param name="Direct">The kernels called on in-memory partitions (<c>InMemoryExecutor</c>).</param>
/// <param name="Cluster">The same through the embedded Orleans silo, or null when not run.</param>
/// <param name="RuntimeOverhead">
/// Cluster ÷ direct − 1 of the timings' lower quartiles, or null. Not of the medians: the two paths, timed by turns, run
/// the same kernels for the same CPU time (perf samples them equally), yet their medians differed by −6% to +47% from run
/// to run on a shared 2-core guest, as a third of the passes, in either path at random, took 11–17 ms instead of 7.5–9.
/// </param>
/// <param name="SameModel">True when both executors ended with bit-identical models.</param>
/// <param name="FinalObjective">The objective before the last iteration (inertia, or half the mean squared residual).</param>
/// <param name="IterationsRun">Iterations the direct model ran from its start (warm-up, timed, allocation check); the objective is that of the model after one fewer updates.</param>
/// <param name="ObjectiveHistory">The objective after 0, 1, 2, … updates (the first ten), for checks against other engines.</param>
/// <param name="Load">Loading the CSV into memory.</param>
public sealed record WorkloadReport(
    string Name,
    long Rows,
    int Features,
    int Clusters,
    double BytesPerIteration,
    double FlopsPerIteration,
    double LimitMilliseconds,
    ExecutorTiming Direct,
    ExecutorTiming? Cluster,
    double? RuntimeOverhead,
    bool? SameModel,
    double FinalObjective,
    int IterationsRun,
    IReadOnlyList<double> ObjectiveHistory,
    LoadReport Load)
{
    /// <summary>How the iterations are set up (solver, step sizes), when the workload says.</summary>
    public string Setup { get; init; } = string.Empty;

    /// <summary>Classifiers: accuracy of the direct model (after <see cref="IterationsRun"/> iterations) on held-out rows; null otherwise.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>Cluster median ÷ direct median − 1, or null: what <see cref="RuntimeOverhead"/> was, kept to show the noise.</summary>
    public double? MedianRuntimeOverhead { get; init; }

    /// <summary>
    /// The runtime's own account of the timed cluster iterations (its <c>ExecutionStatistics</c>): the median over
    /// iterations of the time the slowest silo computed, and of the rest of the passes' wall time — messages, encoding,
    /// merging, the driver's bookkeeping. Null when the cluster was not run.
    /// </summary>
    public RuntimeSplit? ClusterSplit { get; init; }

    /// <summary>K-means: whole training jobs, each in a fresh process, against the warm iteration time; null when not run.</summary>
    public ColdStartReport? ColdStart { get; init; }
}

/// <summary>Where a cluster iteration's time went, by the runtime's statistics (medians over the timed iterations).</summary>
/// <param name="ComputeMilliseconds">The slowest silo's compute time, summed over an iteration's passes.</param>
/// <param name="CoordinationMilliseconds">The passes' wall time minus that: the runtime's own cost.</param>
/// <param name="PassesPerIteration">Passes (rounds of steps) in one iteration.</param>
public sealed record RuntimeSplit(double ComputeMilliseconds, double CoordinationMilliseconds, double PassesPerIteration);

/// <summary>Per-iteration timings of one executor.</summary>
/// <param name="MedianMilliseconds">Median wall time of an iteration.</param>
/// <param name="MinimumMilliseconds">Fastest iteration.</param>
/// <param name="MaximumMilliseconds">Slowest iteration.</param>
/// <param name="GigabytesPerSecond">Bytes per iteration ÷ median.</param>
/// <param name="GigaflopsPerSecond">Flops per iteration ÷ median.</param>
/// <param name="TimesLimit">Median ÷ the machine's limit: 1 is the limit, 2 is half its speed.</param>
/// <param name="PairedTimesLimit">Median over iterations of (iteration time ÷ the limit measured just before it): robust to a machine shared with other work.</param>
/// <param name="AllocatedBytesPerIteration">Managed bytes allocated per iteration, whole process.</param>
public sealed record ExecutorTiming(
    double MedianMilliseconds,
    double MinimumMilliseconds,
    double MaximumMilliseconds,
    double GigabytesPerSecond,
    double GigaflopsPerSecond,
    double TimesLimit,
    double PairedTimesLimit,
    double AllocatedBytesPerIteration);

/// <summary>Loading the workload on all cores, partitions in parallel: from the text file (CSV, or LibSVM for sparse data), and from the binary partition file and a Parquet copy (dense data only; null otherwise).</summary>
/// <param name="CsvBytes">Size of the text file.</param>
/// <param name="CsvSeconds">
/// Wall time of the in-memory load from CSV, the second of two back to back: the parsing rate of a long load, without
/// the compiling of the parser that the first load in a process pays (<paramref name="CsvFirstSeconds"/>).
/// </param>
/// <param name="CsvMegabytesPerSecond">CSV bytes ÷ that time.</param>
/// <param name="DatasetBytes">The loaded features and labels as float32.</param>
/// <param name="CsvPeakIncrementRatio">Peak resident memory during the CSV load above the resident size before it (after a decommitting GC), ÷ the dataset's bytes; null where unknown.</param>
/// <param name="CsvAllocatedRatio">Managed bytes allocated by the CSV load ÷ the dataset's bytes: an upper bound on the load's managed peak.</param>
/// <param name="ConvertSeconds">Wall time of converting the CSV to <c>.shard</c>.</param>
/// <param name="ShardSeconds">Wall time of the in-memory load from the <c>.shard</c> file.</param>
/// <param name="ShardGigabytesPerSecond">Dataset bytes ÷ that time.</param>
/// <param name="ShardPeakIncrementRatio">As <paramref name="CsvPeakIncrementRatio"/>, for the <c>.shard</c> load.</param>
/// <param name="ShardAllocatedRatio">As <paramref name="CsvAllocatedRatio"/>, for the <c>.shard</c> load.</param>
/// <param name="ClusterSeconds">Wall time of loading the <c>.shard</c> file onto the embedded silo, or null.</param>
/// <param name="CsvFirstSeconds">Wall time of the first of the two loads: for the first workload of a run that uses a reader, it includes compiling it.</param>
public sealed record LoadReport(
    long CsvBytes,
    double CsvSeconds,
    double CsvMegabytesPerSecond,
    long DatasetBytes,
    double? CsvPeakIncrementRatio,
    double CsvAllocatedRatio,
    double? ConvertSeconds,
    double? ShardSeconds,
    double? ShardGigabytesPerSecond,
    double? ShardPeakIncrementRatio,
    double? ShardAllocatedRatio,
    double? ClusterSeconds,
    double CsvFirstSeconds)
{
    /// <summary>CSV bytes ÷ <see cref="CsvFirstSeconds"/>.</summary>
    public double CsvFirstMegabytesPerSecond => CsvBytes / CsvFirstSeconds / 1e6;

    /// <summary>Size of the Parquet copy of dense data (the same rows as float columns, row groups of <see cref="BenchOptions.ParquetRowGroupRows"/>); null for sparse data.</summary>
    public long? ParquetBytes { get; init; }

    /// <summary>Wall time of the in-memory load from the Parquet copy, the second of two back to back as for CSV.</summary>
    public double? ParquetSeconds { get; init; }

    /// <summary>As <see cref="CsvPeakIncrementRatio"/>, for the Parquet load.</summary>
    public double? ParquetPeakIncrementRatio { get; init; }

    /// <summary>As <see cref="CsvAllocatedRatio"/>, for the Parquet load.</summary>
    public double? ParquetAllocatedRatio { get; init; }

    /// <summary>
    /// A load's rate in megabytes per second of the equivalent CSV (CSV bytes ÷ the load's time), which puts every
    /// format on the scale of the text a user would otherwise read.
    /// </summary>
    public double CsvEquivalentMegabytesPerSecond(double seconds) => CsvBytes / seconds / 1e6;
}
