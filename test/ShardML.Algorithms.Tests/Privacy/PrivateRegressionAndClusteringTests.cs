using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>AdaSSP for least squares and DP-Lloyd for K-means: the budget they report is the one promised, and with noise too small to matter they become the non-private answer.</summary>
public sealed class PrivateRegressionAndClusteringTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Adassp_with_negligible_noise_is_least_squares_and_reports_its_three_shares()
    {
        var table = RegressionData.Standard();
        var path = _files.WriteCsv("standard.csv", table);
        var bounds = new FeatureBounds(table.FeatureNames, [.. table.FeatureNames.Select(_ => -6.0)], [.. table.FeatureNames.Select(_ => 6.0)]);
        var options = new LinearModelOptions
        {
            Loss = LossKind.Squared, L2 = 0,
            Privacy = new DifferentialPrivacyOptions { Epsilon = 1e9, Delta = 1e-5, Bounds = bounds, LabelBounds = [-30, 30], TestSeed = 3 },
        };

        LinearRegressionModel? first = null;
        foreach (var partitions in new[] { 1, 4 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions);
            var model = await RegressionData.TrainAsync(executor, options);
            var exact = await RegressionData.TrainAsync(executor, RegressionData.Normal());

            Assert.Equal(LinearSolver.NormalEquations, model.Hyperparameters.Solver);
            Approx.Relative(exact.Weights[0], model.Weights[0], 1e-4, "weights");
            Approx.Absolute(exact.Intercept, model.Intercept, 1e-4, "intercept");
            Assert.Equal("adassp", model.Summary.Privacy!.Mechanism);
            Assert.Equal(1e9, model.Summary.Privacy.Epsilon);
            Assert.Equal(3, model.Summary.Privacy.Steps);
            first ??= model;
            Approx.Relative(first.Weights[0], model.Weights[0], 1e-9, "1 and 4 partitions");
        }
    }

    [Fact]
    public async Task Adassp_at_a_real_budget_still_fits_and_refuses_without_bounds()
    {
        var table = Generate.Regression(50_000, [0, 0, 0], [1, 1, 1], [1, -2, 0.5], 0.5, 0.1, 12);
        var path = _files.WriteCsv("standard.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        var bounds = new FeatureBounds(table.FeatureNames, [.. table.FeatureNames.Select(_ => -4.0)], [.. table.FeatureNames.Select(_ => 4.0)]);
        var privacy = new DifferentialPrivacyOptions { Epsilon = 1, Delta = 1e-5, Bounds = bounds, LabelBounds = [-10, 10], TestSeed = 8 };

        var model = await RegressionData.TrainAsync(executor, new LinearModelOptions { Loss = LossKind.Squared, L2 = 0, Privacy = privacy });
        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        Assert.True(metrics["r2"] > 0.9, $"R² {metrics["r2"]}");
        var noLabelBounds = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.NormalEquations, Privacy = privacy with { LabelBounds = null } };
        Assert.Contains("`LabelBounds`", noLabelBounds.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dp_lloyd_spends_exactly_the_promise_and_with_negligible_noise_is_lloyd_from_the_same_start()
    {
        var table = ClusterData.Separated();
        var path = _files.WriteCsv("blobs.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        var bounds = new FeatureBounds(table.FeatureNames, [.. table.FeatureNames.Select(_ => -20.0)], [.. table.FeatureNames.Select(_ => 20.0)]);
        var start = table.Rows.Take(4).Select(r => (float[])r.Clone()).ToList();
        var options = new KMeansOptions
        {
            NumberOfClusters = 4, MaximumIterations = 7, Tolerance = 0, Initialization = KMeansInitialization.Given, InitialCenters = start,
            Privacy = new DifferentialPrivacyOptions { Epsilon = 1e10, Bounds = bounds, TestSeed = 4 },
        };

        var model = await ClusterData.TrainAsync(executor, options);
        var plain = await ClusterData.TrainAsync(executor, options with { Privacy = null });
        var budgeted = await ClusterData.TrainAsync(executor, options with { Privacy = options.Privacy with { Epsilon = 0.7 } });

        Assert.Equal(7, model.Summary.Iterations);
        for (var c = 0; c < 4; c++)
        {
            Approx.Absolute([.. plain.Centers[c].Select(v => (double)v)], model.Centers[c], 1e-3, $"center {c}");
        }

        var report = budgeted.Summary.Privacy!;
        Assert.Equal("dp-lloyd", report.Mechanism);
        Assert.Equal(0.7, report.Epsilon, 14); // the shares of 7 iterations add up to the promise
        Assert.Equal(0, report.Delta);
        Assert.All(budgeted.Centers.SelectMany(c => c), v => Assert.InRange(v, -20f, 20f));
    }

    [Fact]
    public void Dp_lloyd_refuses_a_start_that_reads_rows()
    {
        var options = new KMeansOptions
        {
            NumberOfClusters = 3, Initialization = KMeansInitialization.Parallel,
            Privacy = new DifferentialPrivacyOptions { Bounds = new FeatureBounds(["a"], [0], [1]) },
        };

        Assert.Contains("k-means|| samples rows", options.Validate(1, 100), StringComparison.Ordinal);
        Assert.Contains("`Bounds`", (options with { Privacy = new DifferentialPrivacyOptions() }).Validate(1, 100), StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
