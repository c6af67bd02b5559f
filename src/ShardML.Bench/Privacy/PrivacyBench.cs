using System.Diagnostics;
using System.Globalization;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Privacy;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Metrics;

namespace ShardML.Bench.Privacy;

/// <summary>
/// The utility of the private trainers (issue 12, §4): on generated data, each private model beside the non-private one
/// trained on the same rows, both measured on held-out rows generated past the training rows — DP-SGD logistic
/// regression by accuracy, AdaSSP least squares by R² and MSE, DP-Lloyd K-means by inertia per row and the adjusted Rand
/// index against the true blobs. Every trainer runs with its library defaults except what privacy needs said: the
/// public bounds (known from the generator: standard normal features within ±4, blobs in a known box) and DP-Lloyd's
/// iteration count. Not a timed test: a run to read, whose table docs/PRIVACY.md records.
/// </summary>
public static class PrivacyBench
{
    /// <summary>Standard normal features are clamped to ±this: beyond it lies a fraction 6·10⁻⁵ of them.</summary>
    private const double NormalBound = 4;

    public static async Task<PrivacyBenchReport> RunAsync(PrivacyBenchOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var partitions = options.Partitions ?? 2 * Environment.ProcessorCount;
        var testRows = Math.Max(1000, options.Rows / 10);
        var directory = Path.Combine(Path.GetTempPath(), "shardml-privacy-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var privacy = new DifferentialPrivacyOptions { Epsilon = options.Epsilon, Delta = options.Delta, TestSeed = options.NoiseTestSeed };
            List<PrivacyUtilityRow> rows = [];
            rows.AddRange(await LogisticAsync(options, privacy, partitions, testRows, directory, progress, cancellationToken));
            rows.AddRange(await LinearAsync(options, privacy, partitions, testRows, directory, progress, cancellationToken));
            rows.AddRange(await KMeansAsync(options, privacy, partitions, testRows, directory, progress, cancellationToken));
            return new PrivacyBenchReport(options.Rows, testRows, options.Epsilon, options.Delta, partitions, rows);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<IEnumerable<PrivacyUtilityRow>> LogisticAsync(
        PrivacyBenchOptions options, DifferentialPrivacyOptions privacy, int partitions, long testRows, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var data = new ClassificationData(options.Rows, options.Features, options.Seed);
        await using var executor = await LoadAsync(data, partitions, directory, "logreg", categorical: true, progress, cancellationToken);
        var (features, labels) = Held(data, testRows);
        var trainer = new LinearModelTrainer();

        progress?.Report("logreg: non-private (L-BFGS)");
        var plain = (LinearClassifierModel)await trainer.TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Logistic }, null, cancellationToken);
        progress?.Report("logreg: DP-SGD");
        var clock = Stopwatch.StartNew();
        var dp = (LinearClassifierModel)await trainer.TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Logistic, Privacy = privacy }, null, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var report = dp.Summary.Privacy!;
        return [new PrivacyUtilityRow("logreg", report.Mechanism, "accuracy", Accuracy(dp, features, labels), Accuracy(plain, features, labels), report.Epsilon, Describe(report), seconds)];
    }

    private static async Task<IEnumerable<PrivacyUtilityRow>> LinearAsync(
        PrivacyBenchOptions options, DifferentialPrivacyOptions privacy, int partitions, long testRows, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var data = new RegressionData(options.Rows, options.Features, options.Seed);
        await using var executor = await LoadAsync(data, partitions, directory, "linreg", categorical: false, progress, cancellationToken);
        var (features, labels) = Held(data, testRows);
        var trainer = new LinearModelTrainer();

        // y = x·w* + 0.5 + 0.1ε with x standard normal: |y − 0.5| stays within 4 of its deviation ‖w*‖ (and the noise's).
        var spread = NormalBound * Math.Sqrt(data.TrueWeights.Sum(w => w * w) + 0.01);
        var bounded = privacy with
        {
            Bounds = Bounds(data.Features, -NormalBound, NormalBound),
            LabelBounds = [RegressionData.TrueIntercept - spread, RegressionData.TrueIntercept + spread],
        };
        progress?.Report("linreg: non-private (normal equations)");
        var plain = (LinearRegressionModel)await trainer.TrainAsync(
            executor, new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.NormalEquations, L2 = 0 }, null, cancellationToken);
        progress?.Report("linreg: AdaSSP");
        var clock = Stopwatch.StartNew();
        var dp = (LinearRegressionModel)await trainer.TrainAsync(
            executor, new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.NormalEquations, L2 = 0, Privacy = bounded }, null, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var report = dp.Summary.Privacy!;
        var (privateR2, privateMse) = Regression(dp, features, labels);
        var (plainR2, plainMse) = Regression(plain, features, labels);
        var setup = Describe(report) + FormattableString.Invariant($"; features clamped to ±{NormalBound:G}, labels to [{bounded.LabelBounds[0]:G4}, {bounded.LabelBounds[1]:G4}]");
        return
        [
            new PrivacyUtilityRow("linreg", report.Mechanism, "r2", privateR2, plainR2, report.Epsilon, setup, seconds),
            new PrivacyUtilityRow("linreg", report.Mechanism, "mse", privateMse, plainMse, report.Epsilon, setup, seconds),
        ];
    }

    private static async Task<IEnumerable<PrivacyUtilityRow>> KMeansAsync(
        PrivacyBenchOptions options, DifferentialPrivacyOptions privacy, int partitions, long testRows, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var data = new BlobData(options.Rows, options.KMeansFeatures, options.Clusters, options.BlobDeviation, options.Seed);
        await using var executor = await LoadAsync(data, partitions, directory, "kmeans", categorical: false, progress, cancellationToken);
        var (features, blobs) = Held(data, testRows);
        var trainer = new KMeansTrainer();

        // make_blobs' centers lie in [−10, 10)^d; rows within 4 deviations of them.
        var edge = 10 + (NormalBound * options.BlobDeviation);
        progress?.Report("kmeans: non-private (k-means||, Lloyd)");
        var plain = await trainer.TrainAsync(executor, new KMeansOptions { NumberOfClusters = options.Clusters, Seed = options.Seed }, null, cancellationToken);
        // Both Lloyd runs below start from the same centers, drawn uniformly in the box (a start that reads no row), so the
        // private model's loss splits into what the start costs (non-private Lloyd from it) and what the noise costs.
        var start = RandomCenters(options.Clusters, data.Features, edge, options.Seed);
        progress?.Report("kmeans: non-private Lloyd from the private run's start");
        var sameStart = await trainer.TrainAsync(
            executor,
            new KMeansOptions
            {
                NumberOfClusters = options.Clusters,
                Seed = options.Seed,
                MaximumIterations = options.KMeansIterations,
                Tolerance = 0,
                Initialization = KMeansInitialization.Given,
                InitialCenters = start,
            },
            null,
            cancellationToken);
        progress?.Report("kmeans: DP-Lloyd");
        var clock = Stopwatch.StartNew();
        var dp = await trainer.TrainAsync(
            executor,
            new KMeansOptions
            {
                NumberOfClusters = options.Clusters,
                Seed = options.Seed,
                MaximumIterations = options.KMeansIterations,
                Initialization = KMeansInitialization.Given,
                InitialCenters = start,
                Privacy = privacy with { Bounds = Bounds(data.Features, -edge, edge) },
            },
            null,
            cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var report = dp.Summary.Privacy!;
        var setup = Describe(report) + FormattableString.Invariant($"; {options.KMeansIterations} iterations from centers drawn uniformly in the box ±{edge:G}");
        var (privateInertia, privateAri) = Clustering(dp, features, blobs);
        var (plainInertia, plainAri) = Clustering(plain, features, blobs);
        var (startInertia, startAri) = Clustering(sameStart, features, blobs);
        return
        [
            new PrivacyUtilityRow("kmeans", report.Mechanism, "inertia", privateInertia, plainInertia, report.Epsilon, setup, seconds) { NonPrivateSameStart = startInertia },
            new PrivacyUtilityRow("kmeans", report.Mechanism, "ari", privateAri, plainAri, report.Epsilon, setup, seconds) { NonPrivateSameStart = startAri },
        ];
    }

    private static async Task<InMemoryExecutor> LoadAsync(
        SyntheticData data, int partitions, string directory, string name, bool categorical, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name + ".csv");
        progress?.Report($"{name}: writing {data.Rows:N0} rows of {data.Features} features");
        DataFiles.WriteCsv(data, path);
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, HasLabel = data.HasLabel, Label = data.HasLabel ? "y" : null, CategoricalLabel = categorical }, partitions);
        return await InMemoryExecutor.LoadAsync(plan, cancellationToken);
    }

    /// <summary>The held-out rows [n, n + <paramref name="testRows"/>) and their labels (for blobs, the blob).</summary>
    private static (float[] Features, float[] Labels) Held(SyntheticData data, long testRows)
    {
        var features = new float[testRows * data.Features];
        var labels = new float[testRows];
        data.Fill(data.Rows, features, labels);
        return (features, labels);
    }

    private static float[][] RandomCenters(int k, int d, double edge, ulong seed) =>
        [.. Enumerable.Range(0, k).Select(c => Enumerable.Range(0, d).Select(j => (float)(edge * ((2 * Core.Numerics.CounterRandom.NextDouble(seed, 0x5EED_C0DE, (ulong)((c * d) + j))) - 1))).ToArray())];

    private static FeatureBounds Bounds(int features, double lower, double upper) =>
        new([.. Enumerable.Range(0, features).Select(f => "x" + f.ToString(CultureInfo.InvariantCulture))], [.. Enumerable.Repeat(lower, features)], [.. Enumerable.Repeat(upper, features)]);

    private static double Accuracy(LinearClassifierModel model, float[] features, float[] labels)
    {
        var classes = new int[labels.Length];
        model.Predict(features, classes);
        var correct = 0L;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += model.Classes[classes[i]] == (labels[i] == 1 ? "1" : "0") ? 1 : 0;
        }

        return correct / (double)labels.Length;
    }

    private static (double R2, double Mse) Regression(LinearRegressionModel model, float[] features, float[] labels)
    {
        var predictions = new float[labels.Length];
        model.Predict(features, predictions);
        var mean = labels.Average(l => (double)l);
        double squared = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            squared += (predictions[i] - (double)labels[i]) * (predictions[i] - (double)labels[i]);
            total += (labels[i] - mean) * (labels[i] - mean);
        }

        return (1 - (squared / total), squared / labels.Length);
    }

    private static (double InertiaPerRow, double Ari) Clustering(KMeansModel model, float[] features, float[] blobs)
    {
        var clusters = new int[blobs.Length];
        var distances = new double[blobs.Length];
        model.Predict(features, clusters, distances);
        var cells = new Dictionary<(int, long), long>();
        for (var i = 0; i < blobs.Length; i++)
        {
            var key = (clusters[i], (long)blobs[i]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        return (distances.Sum(t => t * t) / blobs.Length, // the distances are Euclidean; inertia sums their squares
             AdjustedRandIndex.FromContingency(cells.Select(c => (c.Key.Item1, c.Key.Item2, c.Value))));
    }

    private static string Describe(PrivacyReport report) => report.Describe();
}
