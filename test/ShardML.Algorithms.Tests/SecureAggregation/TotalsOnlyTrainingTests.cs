using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Svm;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.SecureAggregation;

/// <summary>
/// Training when only totals may leave a node (secure aggregation), on the in-memory reference of it: each algorithm
/// gives the model of the clear path to within the fixed-point quantization, refuses what would send rows, and the
/// same inputs give the same bits.
/// </summary>
public sealed class TotalsOnlyTrainingTests : IDisposable
{
    private static readonly string[] TwoClasses = ["no", "yes"];
    private readonly DataDirectory _data = new();

    [Fact]
    public async Task KMeans_from_given_centers_finds_the_clear_paths_centers_and_the_same_bits_twice()
    {
        var path = _data.WriteCsv("blobs.csv", ClusterData.Separated());
        var options = ClusterData.Given([[1, 1, 1], [11, 0, 1], [0, 11, 0], [5, 5, 11]], 20);

        var clear = await ClusterData.TrainAsync(await LoadAsync(path, AggregationPrivacy.Clear), options);
        var secure = await ClusterData.TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly), options);
        var again = await ClusterData.TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly), options);

        Approx.SameBits(secure.Centers, again.Centers);
        for (var j = 0; j < 4; j++)
        {
            Approx.Absolute(clear.Centers[j].Select(v => (double)v).ToArray(), secure.Centers[j], 1e-5, $"center {j}");
        }

        Assert.Equal(clear.ClusterSizes, secure.ClusterSizes);
        Approx.Relative(clear.Summary.FinalLoss, secure.Summary.FinalLoss, 1e-9, "inertia");
    }

    [Theory]
    [InlineData(KMeansInitialization.Parallel, "k-means||")]
    [InlineData(KMeansInitialization.Random, "random")]
    public async Task KMeans_refuses_a_start_that_sends_rows_to_the_driver(KMeansInitialization initialization, string name)
    {
        var path = _data.WriteCsv("blobs.csv", ClusterData.Separated());
        var executor = await LoadAsync(path, AggregationPrivacy.TotalsOnly);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 4, Initialization = initialization }));

        Assert.Contains(name, refused.Message, StringComparison.Ordinal);
        Assert.Contains("`InitialCenters`", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KMeans_starts_uniformly_in_given_bounds_and_an_empty_cluster_keeps_its_center()
    {
        var path = _data.WriteCsv("blobs.csv", ClusterData.Separated());
        var options = new KMeansOptions { NumberOfClusters = 6, Initialization = KMeansInitialization.Uniform, UniformLowerBound = -1, UniformUpperBound = 13, MaximumIterations = 30 };

        var model = await ClusterData.TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly), options);

        Assert.All(model.Centers.SelectMany(c => c), v => Assert.InRange(v, -1f, 13f));
        Assert.Equal(2000, model.ClusterSizes.Sum());
        Assert.DoesNotContain(model.Summary.Notes, n => n.Contains("re-seeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KMeans_runs_several_uniform_starts_from_sums_alone_and_keeps_the_best()
    {
        var path = _data.WriteCsv("blobs.csv", ClusterData.Separated());
        var single = new KMeansOptions { NumberOfClusters = 4, Initialization = KMeansInitialization.Uniform, UniformLowerBound = -1, UniformUpperBound = 13, MaximumIterations = 30 };

        var one = await ClusterData.TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly), single);
        var five = await ClusterData.TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly), single with { InitializationCount = 5 });

        Assert.True(five.Summary.FinalLoss <= one.Summary.FinalLoss * (1 + 1e-12), $"{five.Summary.FinalLoss} > {one.Summary.FinalLoss}");
        Assert.Contains(five.Summary.Notes, n => n.StartsWith("5 starts iterated together", StringComparison.Ordinal));
        Assert.Equal(2000, five.ClusterSizes.Sum());
    }

    [Fact]
    public async Task A_pass_that_would_send_rows_is_refused_with_the_steps_name()
    {
        var path = _data.WriteCsv("blobs.csv", ClusterData.Separated());
        var executor = await LoadAsync(path, AggregationPrivacy.TotalsOnly);

        var refused = await Assert.ThrowsAsync<TotalsOnlyRefusedException>(() => executor.RunAsync(new FetchRowsStep([1, 2], 3), CancellationToken.None));

        Assert.Equal(nameof(FetchRowsStep), refused.Step);
        Assert.Contains("FetchRowsStep", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LinearSolver.GradientDescent)]
    [InlineData(LinearSolver.Lbfgs)]
    [InlineData(LinearSolver.NormalEquations)]
    [InlineData(LinearSolver.Sgd)]
    [InlineData(LinearSolver.LocalSgd)]
    public async Task Least_squares_reaches_the_clear_paths_weights(LinearSolver solver)
    {
        var table = Generate.Regression(3000, [1, -2, 0.5], [2, 1, 3], [1.5, -0.5, 2], 3, 0.1, seed: 11);
        var path = _data.WriteCsv("regression.csv", table);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = solver, L2 = 1e-3, Standardize = true, LearningRate = 0.05, Epochs = 5, MaximumIterations = 300 };

        var clear = await new LinearModelTrainer().TrainAsync(await LoadAsync(path, AggregationPrivacy.Clear), options, null, CancellationToken.None);
        var secure = await new LinearModelTrainer().TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly), options, null, CancellationToken.None);

        Approx.Absolute(clear.Weights[0], secure.Weights[0].Select(w => (float)w).ToArray(), 1e-6, $"{solver} weights");
        Approx.Absolute(clear.Intercepts[0], secure.Intercepts[0], 1e-6, $"{solver} intercept");
    }

    [Theory]
    [InlineData(LinearSolver.Lbfgs, LossKind.Logistic)]
    [InlineData(LinearSolver.Cocoa, LossKind.Hinge)]
    public async Task A_binary_classifier_reaches_the_clear_paths_model_and_its_metrics(LinearSolver solver, LossKind loss)
    {
        var path = _data.WriteClassCsv("two.csv", Generate.Blobs([[0, 0, 0], [2, 1, 0]], 2000, 1.5, seed: 12), TwoClasses);
        var options = new LinearModelOptions { Loss = loss, Solver = solver, L2 = 1e-2, MaximumIterations = 60 };

        var clearExecutor = await LoadAsync(path, AggregationPrivacy.Clear, categorical: true);
        var secureExecutor = await LoadAsync(path, AggregationPrivacy.TotalsOnly, categorical: true);
        var clear = await new LinearModelTrainer().TrainAsync(clearExecutor, options, null, CancellationToken.None);
        var secure = await new LinearModelTrainer().TrainAsync(secureExecutor, options, null, CancellationToken.None);

        Approx.Absolute(clear.Weights[0], secure.Weights[0].Select(w => (float)w).ToArray(), 1e-6, $"{solver} weights");
        var clearMetrics = (await JobOutcomes.EvaluateAsync(clearExecutor, clear, CancellationToken.None)).Metrics;
        var secureMetrics = (await JobOutcomes.EvaluateAsync(secureExecutor, secure, CancellationToken.None)).Metrics;
        Assert.Equal(clearMetrics["accuracy"], secureMetrics["accuracy"]);
        Assert.Contains("roc_auc", secureMetrics.Keys);
    }

    [Fact]
    public async Task CoCoA_keeps_no_dual_variables_in_its_checkpoints()
    {
        var path = _data.WriteClassCsv("two.csv", Generate.Blobs([[0, 0, 0], [2, 1, 0]], 1000, 1.5, seed: 13), TwoClasses);
        var options = new LinearModelOptions { Loss = LossKind.Hinge, Solver = LinearSolver.Cocoa, L2 = 1e-2, MaximumIterations = 6, Tolerance = 0 };
        var checkpoints = new RecordingCheckpoints(interval: 2);

        await new LinearModelTrainer().TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly, categorical: true), options, null, checkpoints.Trainer, CancellationToken.None);

        Assert.NotEmpty(checkpoints.Saved);
        Assert.All(Enumerable.Range(0, checkpoints.Saved.Count), i => Assert.Empty(checkpoints.Read<CocoaState>(i).Duals));
    }

    [Fact]
    public async Task Naive_Bayes_learns_the_clear_paths_moments()
    {
        var path = _data.WriteClassCsv("two.csv", Generate.Blobs([[0, 0, 0], [2, 1, 0]], 2000, 1.5, seed: 14), TwoClasses);
        var options = new GaussianNaiveBayesOptions();

        var clear = await new GaussianNaiveBayesTrainer().TrainAsync(await LoadAsync(path, AggregationPrivacy.Clear, categorical: true), options, null, CancellationToken.None);
        var secure = await new GaussianNaiveBayesTrainer().TrainAsync(await LoadAsync(path, AggregationPrivacy.TotalsOnly, categorical: true), options, null, CancellationToken.None);

        Assert.Equal(clear.ClassCounts, secure.ClassCounts);
        for (var c = 0; c < 2; c++)
        {
            Approx.Relative(clear.Means[c], secure.Means[c], 1e-9, $"class {c} means");
            Approx.Relative(clear.Variances[c], secure.Variances[c], 1e-9, $"class {c} variances");
        }
    }

    public void Dispose() => _data.Dispose();

    private static Task<InMemoryExecutor> LoadAsync(string path, AggregationPrivacy privacy, bool categorical = false) =>
        InMemoryExecutor.LoadAsync(
            DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = categorical }, 5), privacy, CancellationToken.None);
}
