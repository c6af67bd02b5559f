using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Svm;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LinearModelWireSamples : IWireSamples
{
    public IEnumerable<object> Samples()
    {
        LabelEncoding binary = LabelEncoding.Binary(["-1", "+1"], 1);
        LabelEncoding threeClasses = LabelEncoding.OneVsRest(["bird", "cat", "dog"]);
        LabelEncoding softmax = LabelEncoding.Softmax(["bird", "cat", "dog"]);
        double[] coefficients = [0.5, -1.5, 2.25, -0.75, 0.125, 3];
        yield return new NormalEquationsStep(3);
        yield return new ClippedMomentsStep([0, -1], [2, 1], -5, 5);
        yield return new ClippedMoments([1, 2, 3, 4, 5, 6, 7, 8, 9], [0.5, -0.5, 1.5]);
        yield return new NormalEquations(9, [3, 4], 0.7, [1, 2, 2, 5], [0.5, -0.5], 20.25);
        yield return new RegressionEvaluationStep([0.5, -1.5, 2.25], 2);
        yield return new RegressionEvaluationSummary(9, 1.5, 2.5, 18, 40.5);
        yield return new LossGradientStep(coefficients, 2, LossKind.Hinge, threeClasses);
        yield return new MiniBatchGradientStep(coefficients, 2, LossKind.Logistic, binary, [3, 0, 2], 42, 17);
        yield return new LossGradient(12, [0.5, 1.5], [1, -2, 3, -4, 5, -6]);
        yield return new DpSgdStep(coefficients, 2, LossKind.Logistic, binary, 7, 13, 0.25, 1.5, [0.5, -1], [2, 0.25]);
        yield return new LocalSgdStep(coefficients, 2, LossKind.Squared, LabelEncoding.Regression, new LearningRate(LearningRateSchedule.Pegasos, 0.5, 0.01), [4, 4], 8, 7, 96, new StandardizedCoordinates([3, -1], [1, 0.25]), RowOrder.ShuffledBlocks);
        yield return new LocalModelSum(8, [4, -8, 12], 3.25, 64);
        yield return new LinearModelPredictStep([.. coefficients, .. coefficients[..3]], 2, softmax, true);
        yield return new CocoaStep(coefficients, 2, binary, 0.01, 600, 3, 2, 11, 5, "cocoa/abc", new StandardizedCoordinates([0.5, 0], [0.5, 2]), [1, 0, 4]);
        yield return new CocoaSummary([0.5, -0.25, 1], [12.5], [30.25], 600, 1, [new CocoaLineage(0, 1), new CocoaLineage(2, 4)]) { PartitionCount = 3 };
        yield return new CocoaDualsStep("cocoa/abc", 7, [1, 0, 4]);
        yield return new CocoaDualSet([new CocoaPartitionDuals(0, [0.25, 1, 0], 1), new CocoaPartitionDuals(2, [0.5], 4)]);
        yield return new CocoaRestoreStep("cocoa/def", 7, 2, 1, [new CocoaPartitionDuals(1, [0.75, 0.125], 3)], new StandardizedCoordinates([0.5, 0], [0.5, 2]));
        yield return new LinearModelJob(new LinearModelOptions
        {
            Loss = LossKind.Hinge, Solver = LinearSolver.Cocoa, L2 = 0.25, L1 = 0.125, Epochs = 7, Seed = 5, Standardize = true, PositiveClass = "yes",
            MaximumIterations = 33, Tolerance = 1e-5, NormalSolverMaximumFeatures = 99, Multiclass = MulticlassStrategy.OneVsRest,
            Privacy = new ShardML.Algorithms.Privacy.DifferentialPrivacyOptions
            {
                Epsilon = 2, Delta = 1e-6, ClipNorm = 0.5, NoiseMultiplier = 1.25, Accountant = ShardML.Algorithms.Privacy.AccountantKind.Prv, TestSeed = 3,
                Bounds = new ShardML.Algorithms.Privacy.FeatureBounds(["a", "b"], [0, -1], [1, 1]), LabelBounds = [-2, 2],
            },
        });
    }
}
