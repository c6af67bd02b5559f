using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>The regression datasets the tests share, and a one-line trainer call.</summary>
public static class RegressionData
{
    public static readonly double[] TrueWeights = [1.5, -8, 0.75, 2, -3];

    public const double TrueIntercept = 7;

    /// <summary>d = 5, n = 4000: features with means from −5 to 10 and standard deviations from 0.1 to 4, noise 0.1.</summary>
    public static Table Skewed(int seed = 11) =>
        Generate.Regression(4000, [3, -2, 10, 0.5, -5], [1, 0.1, 4, 2, 0.5], TrueWeights, TrueIntercept, 0.1, seed);

    /// <summary>d = 3, n = 2000, independent standard normal features: well conditioned without standardization.</summary>
    public static Table Standard(int seed = 12) =>
        Generate.Regression(2000, [0, 0, 0], [1, 1, 1], [1, -2, 0.5], 0.5, 0.1, seed);

    /// <summary>d = 5, n = 2000, half the values zero and the others centered: data for sparse against dense.</summary>
    public static Table HalfZero() =>
        Generate.SparseRegression(2000, 0.5, [1, 2, 0.5, 3, 1], [1, -2, 0.5, 1.5, -1], 3, 0.1, seed: 31);

    /// <summary>Gradient descent as the tests configure it: standardized, α = 0.5, ‖∇J‖ ≤ 1e-9, at most 2000 iterations.</summary>
    public static LinearModelOptions Descent(double l2 = 0) => new()
    {
        Loss = LossKind.Squared,
        Solver = LinearSolver.GradientDescent,
        Standardize = true,
        LearningRate = 0.5,
        Tolerance = 1e-9,
        MaximumIterations = 2000,
        L2 = l2,
    };

    public static LinearModelOptions Normal(double l2 = 0, bool standardize = false) => new()
    {
        Loss = LossKind.Squared,
        Solver = LinearSolver.NormalEquations,
        Standardize = standardize,
        L2 = l2,
    };

    public static async Task<LinearRegressionModel> TrainAsync(IPartitionExecutor executor, LinearModelOptions options) =>
        (LinearRegressionModel)await new LinearModelTrainer().TrainAsync(executor, options, null, CancellationToken.None);
}
