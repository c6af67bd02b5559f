using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Svm;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Tests;

public sealed class AlgorithmCatalogTests
{
    private readonly WireTypeRegistry _registry = new(AlgorithmCatalog.WireTypes);

    /// <summary>One instance of every wire type, every member set to a value other than its default.</summary>
    public static TheoryData<string> Names => [.. Samples().Select(s => s.GetType().Name)];

    [Fact]
    public void Every_registered_type_has_a_sample_here_and_every_sample_is_registered()
    {
        Assert.Equal(
            AlgorithmCatalog.WireTypes.Select(t => t.FullName).Order(),
            Samples().Select(s => s.GetType().FullName).Order());
    }

    [Fact]
    public void Every_step_summary_and_job_of_the_algorithms_is_in_the_catalog_once()
    {
        var wire = typeof(AlgorithmCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && (typeof(IPartitionStep).IsAssignableFrom(t) || typeof(ISummary).IsAssignableFrom(t) || typeof(ITrainingJob).IsAssignableFrom(t)))
            .Select(t => t.FullName)
            .Order();

        Assert.Equal(wire, AlgorithmCatalog.WireTypes.Select(t => t.FullName).Order());
        Assert.Equal(AlgorithmCatalog.WireTypes.Count, AlgorithmCatalog.WireTypes.Distinct().Count());
    }

    [Fact]
    public void Every_concrete_model_has_one_json_name_and_every_command_one_algorithm()
    {
        var models = typeof(AlgorithmCatalog).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(TrainedModel))).Select(t => t.FullName).Order();

        Assert.Equal(models, AlgorithmCatalog.ModelKinds.Select(k => k.Type.FullName).Order());
        Assert.Equal(AlgorithmCatalog.ModelKinds.Count, AlgorithmCatalog.ModelKinds.Select(k => k.JsonName).Distinct().Count());
        var commands = AlgorithmCatalog.All.SelectMany(a => a.Commands).ToList();
        Assert.Equal(commands.Count, commands.Distinct().Count());
        Assert.All(commands, c => Assert.NotNull(AlgorithmCatalog.ForCommand(c)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Round_trips_through_the_wire_registry_to_the_same_value_and_bytes(string name)
    {
        var sample = Samples().Single(s => s.GetType().Name == name);

        var payload = _registry.Encode(sample);
        var decoded = _registry.Decode<object>(payload);
        var again = _registry.Encode(decoded);

        Assert.Equal(WireTypeRegistry.NameOf(sample.GetType()), payload.TypeName);
        Structural.AssertEqual(sample, decoded, name);
        Assert.Equal(payload.TypeName, again.TypeName);
        Assert.Equal(payload.Body, again.Body);
    }

    [Fact]
    public void A_decoded_summary_still_merges()
    {
        var lower = new LloydSummary([1, 2], [1], 0.5, Farthest(2, (0.5, 0, [1f, 2f])));
        var higher = _registry.Decode<LloydSummary>(_registry.Encode(new LloydSummary([3, 4], [2], 1.5, Farthest(2, (2.5, 7, [3f, 4f])))));

        var merged = lower.Merge(higher);

        Assert.Equal(new[] { 4.0, 6.0 }, merged.Sums);
        Assert.Equal(new[] { 3L }, merged.Counts);
        Assert.Equal(2.0, merged.Inertia);
        Assert.Equal(new[] { 7L, 0L }, merged.Farthest.GlobalRows);
    }

    private static IEnumerable<object> Samples()
    {
        float[] centers = [1.5f, -2, 3, 4.25f];
        yield return new FetchRowsStep([3, 7, 11], 4);
        yield return new RowSetSummary([3, 7], [[1f, 2f], [3f, -4f]]);
        yield return new FeatureStatisticsStep(5);
        yield return new FeatureStatistics(10, [1.5, -2.5], [0.25, 3.75]);
        yield return new LloydStep(centers, 2, 2, 3);
        yield return new BoundedLloydStep(centers, 2, 2, 3, "kmeans/job-7");
        yield return new LloydSummary([1.5, 2.5, -3.5, 4.5], [3, 4], 12.5, Farthest(3, (9.5, 41, [1f, 2f]), (4.5, 12, [-3f, 0.5f]))) { SearchedRows = 5 };
        yield return new ParallelSampleStep(centers, 2, 2, 123.5, 8, 42, 1);
        yield return new NormalEquationsStep(3);
        yield return new NormalEquations(9, [3, 4], 0.7, [1, 2, 2, 5], [0.5, -0.5], 20.25);
        yield return new KMeansPredictStep(centers, 2, 2);
        yield return new PredictionSummary([1f, 0f, 2f], [0.25f, 0.75f, 0.5f, 0.5f, 0.125f, 0.875f], 2);
        yield return new ClusteringEvaluationStep(centers, 2, 2);
        yield return new ClusteringEvaluationSummary(12.5, 9, true, new Dictionary<long, long> { [(1L << 32) | 1] = 4, [0] = 5 }, ["Adelie", "Gentoo"]);
        yield return new RegressionEvaluationStep([0.5, -1.5, 2.25], 2);
        yield return new RegressionEvaluationSummary(9, 1.5, 2.5, 18, 40.5);
        LabelEncoding binary = LabelEncoding.Binary(["-1", "+1"], 1);
        LabelEncoding threeClasses = LabelEncoding.OneVsRest(["bird", "cat", "dog"]);
        double[] coefficients = [0.5, -1.5, 2.25, -0.75, 0.125, 3];
        yield return new DropStateStep("cocoa/0123");
        yield return new PartitionCount(3);
        yield return new ClassDiscoveryStep(17);
        yield return new ClassSet(["cat", "dog"], [new LabelSite("/data/a.csv", 1024, 3, 4), new LabelSite("/data/a.csv", 2048, 9, 4)], 17);
        yield return new ClassificationEvaluationStep(coefficients, 2, binary, true);
        yield return new ClassificationEvaluation(new ConfusionMatrix(2, [5, 1, 2, 7]), new ScoreHistogram([3, 9], [0, 4], [2, 1]), 1.75, true);
        yield return new LossGradientStep(coefficients, 2, LossKind.Hinge, threeClasses);
        yield return new MiniBatchGradientStep(coefficients, 2, LossKind.Logistic, binary, [3, 0, 2], 42, 17);
        yield return new LossGradient(12, [0.5, 1.5], [1, -2, 3, -4, 5, -6]);
        yield return new LocalSgdStep(coefficients, 2, LossKind.Squared, LabelEncoding.Regression, new LearningRate(LearningRateSchedule.Pegasos, 0.5, 0.01), [4, 4], 8, 7, 96, new StandardizedCoordinates([3, -1], [1, 0.25]), RowOrder.ShuffledBlocks);
        yield return new LocalModelSum(8, [4, -8, 12], 3.25, 64);
        yield return new LinearModelPredictStep(coefficients, 2, threeClasses, true);
        yield return new CocoaStep(coefficients, 2, binary, 0.01, 600, 3, 2, 11, 5, "cocoa/abc", new StandardizedCoordinates([0.5, 0], [0.5, 2]), [1, 0, 4]);
        yield return new CocoaSummary([0.5, -0.25, 1], [12.5], [30.25], 600, 1, [new CocoaLineage(0, 1), new CocoaLineage(2, 4)]);
        yield return new CocoaDualsStep("cocoa/abc", 7, [1, 0, 4]);
        yield return new CocoaDualSet([new CocoaPartitionDuals(0, [0.25, 1, 0], 1), new CocoaPartitionDuals(2, [0.5], 4)]);
        yield return new CocoaRestoreStep("cocoa/def", 7, 2, 1, [new CocoaPartitionDuals(1, [0.75, 0.125], 3)], new StandardizedCoordinates([0.5, 0], [0.5, 2]));
        yield return new KMeansJob(new KMeansOptions
        {
            NumberOfClusters = 3, MaximumIterations = 17, Tolerance = 1e-3, Seed = 9, Initialization = KMeansInitialization.Given,
            InitializationSteps = 3, OversamplingFactor = 1.5, InitialCenters = new List<float[]> { new[] { 1f, 2f }, new[] { 3f, 4f }, new[] { 5f, 6f } },
            Algorithm = KMeansAlgorithm.Bounded,
        });
        yield return new LinearModelJob(new LinearModelOptions
        {
            Loss = LossKind.Hinge, Solver = LinearSolver.Cocoa, L2 = 0.25, L1 = 0.125, Epochs = 7, Seed = 5, Standardize = true, PositiveClass = "yes",
            MaximumIterations = 33, Tolerance = 1e-5, NormalSolverMaximumFeatures = 99,
        });
    }

    private static FarthestRows Farthest(int capacity, params (double Distance, long Row, float[] Values)[] rows)
    {
        var farthest = new FarthestRows(capacity);
        foreach (var (distance, row, values) in rows)
        {
            farthest.Offer(distance, row, () => values);
        }

        return farthest;
    }
}
