using System.Diagnostics;
using ShardML.Algorithms;
using ShardML.Core.Data;
using ShardML.Core.Data.Shard;
using ShardML.Core.Execution;
using ShardML.Runtime;

namespace ShardML.Bench;

/// <summary>
/// Runs the benchmark: measures the machine's limits, writes each workload's data once, loads it into memory and
/// onto the embedded Orleans silo, then times iterations on the two alternately (so a busy moment on a shared machine
/// hits both), and reports medians against the limit and the runtime's overhead.
/// </summary>
public static class BenchRunner
{
    private const int AllocationIterations = 3;

    public static async Task<BenchReport> RunAsync(BenchOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var loadBefore = ProcessMemory.LoadAverage();
        progress?.Report("measuring the machine's memory bandwidth and FMA peak");
        var limits = MachineProbe.Measure(options.ProbeBytes, fmaIterations: options.ProbeIterations);
        var partitions = options.Partitions ?? 2 * Environment.ProcessorCount;
        var directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "shardml-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        ShardCluster? cluster = null;
        try
        {
            if (options.Cluster)
            {
                progress?.Report("starting the embedded silo");
                cluster = await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, null, cancellationToken);
            }

            var reports = new List<WorkloadReport>();
            foreach (var workload in options.Workloads.Where(w => w != BenchOptions.ExchangeWorkload).Select(name => Create(name, options)))
            {
                reports.Add(await RunWorkloadAsync(workload, options, limits, partitions, directory, cluster, progress, cancellationToken));
            }

            var exchange = options.Workloads.Contains(BenchOptions.ExchangeWorkload)
                ? await ExchangeBench.MeasureAsync(cluster!, options.ColdStartProcess!, options.ExchangeBytes, options.ExchangeRounds, options.ExchangeBallastBytes, progress, cancellationToken)
                : null;
            return new BenchReport(limits, loadBefore, ProcessMemory.LoadAverage(), partitions, reports) { Exchange = exchange, ExchangeBallastBytes = exchange is null ? 0 : options.ExchangeBallastBytes };
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            if (options.DataDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The workload of that name at the options' size.</summary>
    public static BenchWorkload Create(string name, BenchOptions options) => name switch
    {
        "kmeans" => new KMeansWorkload(new BlobData(options.Rows, options.KMeansFeatures, options.Clusters, options.BlobDeviation, options.Seed)),
        "gd" => new GradientDescentWorkload(new RegressionData(options.Rows, options.RegressionFeatures, options.Seed)),
        "sgd" => new SgdWorkload(new ClassificationData(options.Rows, options.RegressionFeatures, options.Seed), TestRows(options.Rows, options), options.SgdRowOrder),
        "sparse-sgd" => new SparseSgdWorkload(
            new SparseClassificationData(options.SparseRows, options.SparseFeatures, options.SparseNonZeros, options.Seed), TestRows(options.SparseRows, options), options.SgdRowOrder),
        _ => throw new ArgumentException($"unknown workload '{name}'", nameof(name)),
    };

    private static long TestRows(long rows, BenchOptions options) => Math.Max(1000, (long)(rows * options.TestFraction));

    /// <summary>Writes the workload's data for the comparison scripts (<c>.npy</c>, K-means' starting centers, test sets).</summary>
    public static void Export(BenchWorkload workload, string directory)
    {
        Directory.CreateDirectory(directory);
        workload.Export(directory);
    }

    private static async Task<WorkloadReport> RunWorkloadAsync(
        BenchWorkload workload,
        BenchOptions options,
        MachineLimits limits,
        int partitions,
        string directory,
        ShardCluster? cluster,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var data = workload.Data;
        var path = Path.Combine(directory, $"{workload.Name}-{data.Rows}x{data.Features}-seed{data.Seed}{workload.FileExtension}");
        var text = workload.FileExtension == ".csv" ? "CSV" : "LibSVM";
        if (!File.Exists(path))
        {
            progress?.Report($"{workload.Name}: writing {data.Rows:N0} rows to {path}");
            workload.WriteData(path + ".tmp");
            File.Move(path + ".tmp", path, overwrite: true);
        }

        if (options.ExportDirectory is { } export)
        {
            progress?.Report($"{workload.Name}: exporting the comparison scripts' files to {export}");
            Export(workload, export);
        }

        var datasetBytes = (long)workload.BytesPerIteration;
        progress?.Report($"{workload.Name}: loading the {text} file into memory");
        var plan = DatasetPlanner.Plan(workload.Options(path), partitions);
        // Twice: a file of a few hundred MB parses in well under a second, so the first load's compiling of the parser
        // would weigh in its rate far more than in the long loads the rate stands for. Both are reported.
        var (csvFirstSeconds, _, _) = await MeasureLoadAsync(plan, datasetBytes, cancellationToken);
        var (csvSeconds, csvPeak, csvAllocated) = await MeasureLoadAsync(plan, datasetBytes, cancellationToken);
        var csvBytes = new FileInfo(path).Length;

        // Dense data is timed from the binary partition format, as a user would run it; sparse data stays LibSVM.
        var shardPlan = plan;
        ShardConversion? conversion = null;
        (double Seconds, double? PeakRatio, double AllocatedRatio)? shardLoad = null;
        (double Seconds, double? PeakRatio, double AllocatedRatio)? parquetLoad = null;
        long? parquetBytes = null;
        if (text == "CSV")
        {
            progress?.Report($"{workload.Name}: converting the CSV to the binary partition format");
            var shardPath = Path.ChangeExtension(path, ".shard");
            conversion = await ShardFileConverter.ConvertAsync(workload.Options(path), shardPath, partitions, cancellationToken);
            progress?.Report($"{workload.Name}: loading the .shard file into memory");
            shardPlan = DatasetPlanner.Plan(workload.Options(shardPath), partitions);
            shardLoad = await MeasureLoadAsync(shardPlan, datasetBytes, cancellationToken);

            var parquetPath = Path.ChangeExtension(path, ".parquet");
            if (!File.Exists(parquetPath))
            {
                progress?.Report($"{workload.Name}: writing the same rows as Parquet, {options.ParquetRowGroupRows:N0} rows a row group");
                DataFiles.WriteParquet(data, parquetPath + ".tmp", options.ParquetRowGroupRows);
                File.Move(parquetPath + ".tmp", parquetPath, overwrite: true);
            }

            progress?.Report($"{workload.Name}: loading the Parquet file into memory");
            var parquetPlan = DatasetPlanner.Plan(workload.Options(parquetPath), partitions);
            await MeasureLoadAsync(parquetPlan, datasetBytes, cancellationToken); // as for CSV: the first load compiles the reader
            parquetLoad = await MeasureLoadAsync(parquetPlan, datasetBytes, cancellationToken);
            parquetBytes = new FileInfo(parquetPath).Length;
        }

        // Before this process loads the data for its own timings: the children then have the machine to themselves.
        ColdStartReport? coldStart = null;
        if (workload is KMeansWorkload kmeans && options.ColdStartProcess is { } child && options.ColdStartRuns > 0)
        {
            progress?.Report($"{workload.Name}: {options.ColdStartRuns} training job(s) of {options.ColdStartIterations} iterations, each in a new process");
            var centers = Path.Combine(directory, $"{workload.Name}-centers-seed{data.Seed}.csv");
            kmeans.WriteInitialCenters(centers, shardPlan.Schema.FeatureNames);
            coldStart = await ColdStart.MeasureAsync(child, shardPlan.Path, centers, kmeans.Clusters, partitions, options.ColdStartIterations, options.ColdStartRuns, cancellationToken);
        }

        await using var direct = await InMemoryExecutor.LoadAsync(shardPlan, cancellationToken);

        ClusterExecutor? onCluster = null;
        double? clusterSeconds = null;
        if (cluster is not null)
        {
            progress?.Report($"{workload.Name}: loading the data onto the embedded silo");
            var clock = Stopwatch.StartNew();
            onCluster = await cluster.LoadAsync(shardPlan, cancellationToken);
            clusterSeconds = clock.Elapsed.TotalSeconds;
        }

        try
        {
            progress?.Report($"{workload.Name}: {options.Warmup} warm-up and {options.Iterations} timed iterations per executor");
            var directModel = workload.Start();
            var clusterModel = workload.Start();
            for (var i = 0; i < options.Warmup; i++)
            {
                await directModel.IterateAsync(direct, cancellationToken);
                if (onCluster is not null)
                {
                    await clusterModel.IterateAsync(onCluster, cancellationToken);
                }
            }

            var directTimes = new List<double>();
            var clusterTimes = new List<double>();
            var computeTimes = new List<double>();
            var coordinationTimes = new List<double>();
            var passCounts = new List<double>();
            var directRatios = new List<double>();
            var clusterRatios = new List<double>();
            var probe = GC.AllocateUninitializedArray<float>((int)(Math.Min(options.ProbeBytes, 64L << 20) / sizeof(float)));
            probe.AsSpan().Fill(1f);
            for (var i = 0; i < options.Iterations; i++)
            {
                var time = await TimeAsync(directModel, direct, cancellationToken);
                directTimes.Add(time);
                directRatios.Add(time / PairedLimitMilliseconds(workload, probe, options));
                if (onCluster is not null)
                {
                    var before = onCluster.Statistics;
                    time = await TimeAsync(clusterModel, onCluster, cancellationToken);
                    clusterTimes.Add(time);
                    var after = onCluster.Statistics;
                    computeTimes.Add((after.ComputeSeconds - before.ComputeSeconds) * 1e3);
                    coordinationTimes.Add((after.CoordinationSeconds - before.CoordinationSeconds) * 1e3);
                    passCounts.Add(after.Passes - before.Passes);
                    clusterRatios.Add(time / PairedLimitMilliseconds(workload, probe, options));
                }
            }

            probe = null;

            var sameModel = onCluster is null ? (bool?)null : directModel.Parameters().SequenceEqual(clusterModel.Parameters());
            var directAllocated = await AllocatedPerIterationAsync(directModel, direct, cancellationToken);
            var clusterAllocated = onCluster is null ? 0 : await AllocatedPerIterationAsync(clusterModel, onCluster, cancellationToken);
            var limitMs = limits.LimitSeconds(workload.BytesPerIteration, workload.FlopsPerIteration) * 1e3;
            var directTiming = Timing(directTimes, directRatios, workload, limitMs, directAllocated);
            var clusterTiming = onCluster is null ? null : Timing(clusterTimes, clusterRatios, workload, limitMs, clusterAllocated);
            var load = new LoadReport(
                csvBytes,
                csvSeconds,
                csvBytes / csvSeconds / 1e6,
                datasetBytes,
                csvPeak,
                csvAllocated,
                conversion?.Seconds,
                shardLoad?.Seconds,
                shardLoad is { } shard ? datasetBytes / shard.Seconds / 1e9 : null,
                shardLoad?.PeakRatio,
                shardLoad?.AllocatedRatio,
                clusterSeconds,
                csvFirstSeconds)
            {
                ParquetBytes = parquetBytes,
                ParquetSeconds = parquetLoad?.Seconds,
                ParquetPeakIncrementRatio = parquetLoad?.PeakRatio,
                ParquetAllocatedRatio = parquetLoad?.AllocatedRatio,
            };
            return new WorkloadReport(
                workload.Name,
                data.Rows,
                data.Features,
                data is BlobData blobs ? blobs.Clusters : 0,
                workload.BytesPerIteration,
                workload.FlopsPerIteration,
                limitMs,
                directTiming,
                clusterTiming,
                onCluster is null ? null : (Statistics.LowerQuartile(clusterTimes) / Statistics.LowerQuartile(directTimes)) - 1,
                sameModel,
                directModel.Objective,
                options.Warmup + options.Iterations + AllocationIterations,
                [.. directModel.History.Take(10)],
                load)
            {
                Setup = workload.Setup,
                TestAccuracy = directModel.TestAccuracy(),
                MedianRuntimeOverhead = clusterTiming is null ? null : (clusterTiming.MedianMilliseconds / directTiming.MedianMilliseconds) - 1,
                ClusterSplit = onCluster is null ? null : new RuntimeSplit(Median(computeTimes), Median(coordinationTimes), Median(passCounts)),
                ColdStart = coldStart,
            };
        }
        finally
        {
            if (onCluster is not null)
            {
                await onCluster.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Loads a plan into memory and drops it: the wall time, the peak resident increment over the size after a
    /// decommitting GC (÷ the dataset's bytes), and the managed bytes the load allocated (÷ the dataset's bytes).
    /// </summary>
    private static async Task<(double Seconds, double? PeakRatio, double AllocatedRatio)> MeasureLoadAsync(DatasetPlan plan, long datasetBytes, CancellationToken cancellationToken)
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var resetPeak = ProcessMemory.ResetPeak();
        var before = ProcessMemory.Resident();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var executor = await InMemoryExecutor.LoadAsync(plan, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var allocatedRatio = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)datasetBytes;
        var peak = ProcessMemory.Peak();
        await executor.DisposeAsync();
        double? peakRatio = resetPeak && peak is { } p && before is { } b ? Math.Max(0, p - b) / (double)datasetBytes : null;
        return (seconds, peakRatio, allocatedRatio);
    }

    private static async Task<double> TimeAsync(BenchModel model, IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await model.IterateAsync(executor, cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Managed bytes allocated by the whole process per iteration, over 3 untimed iterations.</summary>
    private static async Task<double> AllocatedPerIterationAsync(BenchModel model, IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        const int iterations = AllocationIterations;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < iterations; i++)
        {
            await model.IterateAsync(executor, cancellationToken);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)iterations;
    }

    /// <summary>The limit for one iteration of <paramref name="workload"/> from a quick probe run now (after the iteration it is paired with).</summary>
    private static double PairedLimitMilliseconds(BenchWorkload workload, float[] probe, BenchOptions options)
    {
        var (bandwidth, peak) = MachineProbe.Paired(probe, Math.Max(100_000, options.ProbeIterations / 10));
        return Math.Max(workload.BytesPerIteration / (bandwidth * 1e9), workload.FlopsPerIteration / (peak * 1e9)) * 1e3;
    }

    private static double Median(IReadOnlyList<double> values) => Statistics.Median(values);

    private static ExecutorTiming Timing(List<double> milliseconds, List<double> ratios, BenchWorkload workload, double limitMs, double allocated)
    {
        var sorted = milliseconds.Order().ToArray();
        var median = Median(sorted);
        return new ExecutorTiming(
            median,
            sorted[0],
            sorted[^1],
            workload.BytesPerIteration / (median / 1e3) / 1e9,
            workload.FlopsPerIteration / (median / 1e3) / 1e9,
            median / limitMs,
            Median(ratios),
            allocated);
    }
}
