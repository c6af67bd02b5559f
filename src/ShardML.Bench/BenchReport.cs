namespace ShardML.Bench;

/// <summary>Everything one benchmark run measured, for people (a table) and scripts (JSON).</summary>
public sealed record BenchReport(
    MachineLimits Machine,
    double? LoadAverageBefore,
    double? LoadAverageAfter,
    int Partitions,
    IReadOnlyList<WorkloadReport> Workloads);

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
/// <param name="RuntimeOverhead">Cluster median ÷ direct median − 1, or null.</param>
/// <param name="SameModel">True when both executors ended with bit-identical models.</param>
/// <param name="FinalObjective">The objective before the last iteration (inertia, or half the mean squared residual).</param>
/// <param name="IterationsRun">Iterations the direct model ran from its start (warm-up, timed, allocation check); the objective is that of the model after one fewer updates.</param>
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
    LoadReport Load);

/// <summary>Per-iteration timings of one executor.</summary>
/// <param name="MedianMilliseconds">Median wall time of an iteration.</param>
/// <param name="MinimumMilliseconds">Fastest iteration.</param>
/// <param name="MaximumMilliseconds">Slowest iteration.</param>
/// <param name="GigabytesPerSecond">Bytes per iteration ÷ median.</param>
/// <param name="GigaflopsPerSecond">Flops per iteration ÷ median.</param>
/// <param name="TimesLimit">Median ÷ the machine's limit: 1 is the limit, 2 is half its speed.</param>
/// <param name="AllocatedBytesPerIteration">Managed bytes allocated per iteration, whole process.</param>
public sealed record ExecutorTiming(
    double MedianMilliseconds,
    double MinimumMilliseconds,
    double MaximumMilliseconds,
    double GigabytesPerSecond,
    double GigaflopsPerSecond,
    double TimesLimit,
    double AllocatedBytesPerIteration);

/// <summary>Loading the workload's CSV on all cores, partitions in parallel.</summary>
/// <param name="CsvBytes">Size of the file.</param>
/// <param name="CsvSeconds">Wall time of the in-memory load.</param>
/// <param name="CsvMegabytesPerSecond">File bytes ÷ that time.</param>
/// <param name="DatasetBytes">The loaded features and labels as float32.</param>
/// <param name="PeakIncrementBytes">Peak resident memory during the load, above the resident size before it; null where unknown.</param>
/// <param name="PeakIncrementRatio">That increment ÷ the dataset's bytes.</param>
/// <param name="ClusterSeconds">Wall time of the load on the embedded silo, or null.</param>
public sealed record LoadReport(
    long CsvBytes,
    double CsvSeconds,
    double CsvMegabytesPerSecond,
    long DatasetBytes,
    long? PeakIncrementBytes,
    double? PeakIncrementRatio,
    double? ClusterSeconds);
