using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Svm;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Trains linear models — logistic regression, linear SVMs, least squares — with any of six distributed solvers;
/// the objective is documented on <see cref="LinearModelOptions"/>. The job: validate the options against the data;
/// for classification, one pass to discover the classes (<see cref="ClassDiscovery"/>), which fixes binary, multinomial
/// or one-vs-rest; when standardizing, one pass for feature statistics; then the solver (<see cref="SgdSolver"/>,
/// <see cref="LocalSgdSolver"/>, <see cref="LbfgsSolver"/>, <see cref="CocoaSolver"/>, <see cref="GradientDescentSolver"/>,
/// <see cref="NormalEquationsSolver"/>). A one-vs-rest problem with k
/// classes is one job: every step carries all k weight vectors and every pass returns all k gradients or updates,
/// so it takes the passes of one binary problem, not k times as many.
/// </summary>
public sealed partial class LinearModelTrainer(ILogger<LinearModelTrainer>? logger = null)
{
    /// <summary>How many times all-zero weights' objective a regression may end at before it counts as diverged: noise in SGD's last steps stays far below it.</summary>
    private const double RunawayFactor = 2;

    private readonly ILogger _logger = logger ?? NullLogger<LinearModelTrainer>.Instance;

    /// <summary>Trains with the common parameters.</summary>
    public Task<LinearModel> TrainAsync(IPartitionExecutor executor, LossKind loss, LinearSolver solver, double l2, CancellationToken cancellationToken) =>
        TrainAsync(executor, new LinearModelOptions { Loss = loss, Solver = solver, L2 = l2 }, null, cancellationToken);

    public Task<LinearModel> TrainAsync(
        IPartitionExecutor executor,
        LinearModelOptions options,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken) =>
        TrainAsync(executor, options, progress, TrainerCheckpoints.None, cancellationToken);

    /// <summary>
    /// Trains, the solver saving its loop state every due epoch, iteration or round and resuming from
    /// <paramref name="checkpoints"/>' state when it has one: the result has the bits of an undisturbed run. The
    /// passes before the solver (classes, feature statistics) are deterministic and are run again on resume.
    /// </summary>
    public async Task<LinearModel> TrainAsync(
        IPartitionExecutor executor,
        LinearModelOptions options,
        IProgress<TrainingProgress>? progress,
        TrainerCheckpoints checkpoints,
        CancellationToken cancellationToken)
    {
        var dataset = executor.Dataset;
        var schema = dataset.Schema;
        if (!schema.HasLabel)
        {
            throw new ArgumentException("a linear model needs a label column", nameof(executor));
        }

        if (options.IsClassification != schema.CategoricalLabel)
        {
            throw new ArgumentException(
                options.IsClassification
                    ? "classification needs the label read as class names: load the dataset with DatasetOptions.CategoricalLabel = true"
                    : "the squared loss fits a regression of a numeric label; the dataset was loaded with a categorical label",
                nameof(executor));
        }

        if (options.Privacy is not null && schema.Pipeline?.IsLearned == true)
        {
            // The vocabularies and fill values are read off the training rows and saved in the model without noise.
            throw new ArgumentException(
                "a private model (`Epsilon`) cannot learn its preprocessing from its training rows: the categories and fill values would be released without noise; encode and fill the data beforehand, or drop rows with a missing value (`Missing` = drop)",
                nameof(executor));
        }

        options = options with { Solver = options.Resolve(schema.FeatureCount, schema.Pipeline?.HasCategories == true) };
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (options.Solver == LinearSolver.NormalEquations && schema.FeatureCount > options.NormalSolverMaximumFeatures)
        {
            throw new ArgumentException(
                $"the normal equations need a {schema.FeatureCount} × {schema.FeatureCount} matrix per partition; use gradient descent or L-BFGS above {options.NormalSolverMaximumFeatures} features",
                nameof(options));
        }

        var clock = Stopwatch.StartNew();
        progress?.Report(new TrainingProgress("initialization", 0, IterationBudget(options), double.NaN));
        var encoding = options.IsClassification
            ? await ClassDiscovery.DiscoverAsync(executor, options.Binary, options.PositiveClass, options.MaximumClasses, options.IsMultinomial, cancellationToken)
            : LabelEncoding.Regression;
        var d = schema.FeatureCount;
        var scaling = FeatureScaling.Identity(d);
        FeatureStatistics? statistics = null;
        if (options.Standardize && options.Privacy?.Bounds is { } bounds)
        {
            // Under DP, from public bounds only: the middle of each feature's range and half its width.
            var (lower, upper) = bounds.For(schema.FeatureNames);
            scaling = new FeatureScaling(
                [.. lower.Zip(upper, (l, u) => schema.Format == DataFormat.LibSvm ? 0 : (l + u) / 2)], [.. lower.Zip(upper, (l, u) => (u - l) / 2)]);
        }
        else if (options.Standardize && options.Solver != LinearSolver.NormalEquations) // the normal equations standardize from their own moments
        {
            statistics = await executor.RunAsync(new FeatureStatisticsStep(d), cancellationToken);
            scaling = FeatureScaling.FromStatistics(statistics, centered: !schema.IsSparse);
        }

        var preconditioned = options.Solver == LinearSolver.Lbfgs && options.Preconditioner == LbfgsPreconditioner.Diagonal;
        if (preconditioned)
        {
            // L-BFGS is never private (Validate), so the moments may be read from the data.
            statistics ??= await executor.RunAsync(new FeatureStatisticsStep(d), cancellationToken);
        }

        LogStarting(_logger, options.Solver, options.Loss, encoding.Outputs, encoding.Classes?.Length ?? 0, d);
        var linear = new LinearProblem(executor, options, encoding, scaling);
        var preconditioner = preconditioned ? DiagonalPreconditioner.Inverse(linear, statistics!) : null;
        var result = options.Solver switch
        {
            LinearSolver.Sgd when options.Privacy is not null => await new DpSgdSolver(_logger).SolveAsync(linear, progress, checkpoints, cancellationToken),
            LinearSolver.Sgd => await new SgdSolver(_logger).SolveAsync(linear, progress, checkpoints, cancellationToken),
            LinearSolver.LocalSgd => await new LocalSgdSolver(_logger).SolveAsync(linear, progress, checkpoints, cancellationToken),
            LinearSolver.Lbfgs => await new LbfgsSolver(_logger).SolveAsync(linear, preconditioner, progress, checkpoints, cancellationToken),
            LinearSolver.Cocoa => await new CocoaSolver(_logger).SolveAsync(linear, progress, checkpoints, cancellationToken),
            LinearSolver.GradientDescent => await new GradientDescentSolver(_logger).SolveAsync(linear, progress, checkpoints, cancellationToken),
            LinearSolver.NormalEquations when options.Privacy is not null => await PrivateNormalEquationsSolver.SolveAsync(linear, progress, cancellationToken),
            LinearSolver.NormalEquations => await NormalEquationsSolver.SolveAsync(linear, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Solver, "unknown solver"),
        };

        // A regression by steps without a line search can run away while staying finite in double (SGD on raw
        // features reached weights of 1e303): one more pass measures all-zero weights, and a model far worse than
        // predicting 0 for every row is no model. Classification compares against F(0) without a pass (below).
        var zeroObjective = double.NaN;
        if (!options.IsClassification && options.Privacy is null && options.Solver is LinearSolver.Sgd or LinearSolver.LocalSgd or LinearSolver.GradientDescent
            && double.IsFinite(result.FinalLoss))
        {
            zeroObjective = (await linear.EvaluateAsync(new double[result.Coefficients.Length], cancellationToken)).Objective;
        }

        if (Diverged(result, options, zeroObjective) is { } diverged)
        {
            throw new Core.Execution.TrainingDivergedException(diverged);
        }

        var notes = result.Notes;
        if (options.IsClassification && options.Privacy is null && !(result.FinalLoss <= ZeroModelObjective(options.Loss, encoding))) // NaN and ∞ too
        {
            notes = [.. notes, $"the model's objective {result.FinalLoss:G4} is worse than that of all-zero weights; the steps were too large for these features: lower `LearningRate` or use `Standardize`"];
            LogWorseThanZero(_logger, result.FinalLoss);
        }

        if (options.Solver == LinearSolver.GradientDescent && !result.Converged && !options.Standardize)
        {
            // Raw features of different scales make the problem ill-conditioned: gradient descent crawls along the flat
            // directions (samples/housing.csv: R² 0.936 after 1,000 iterations raw, 0.992 in 188 standardized).
            notes = [.. notes, "gradient descent did not converge: try `Standardize`"];
        }

        var weights = new double[encoding.Outputs][];
        var intercepts = new double[encoding.Outputs];
        for (var c = 0; c < weights.Length; c++)
        {
            weights[c] = result.Coefficients.AsSpan(c * (d + 1), d).ToArray();
            intercepts[c] = result.Coefficients[(c * (d + 1)) + d];
        }

        var summary = new TrainingSummary(
            result.Iterations, result.Converged, result.LossHistory, result.FinalLoss, dataset.TotalRows, dataset.PartitionCount, clock.Elapsed.TotalSeconds, notes)
        {
            Communication = result.Communication,
            RelativeDualityGap = result.RelativeDualityGap,
            Privacy = result.Privacy,
        };
        var standardization = options.Standardize ? result.Scaling ?? scaling : null;
        return encoding.Classes is { } classes
            ? new LinearClassifierModel
            {
                FeatureNames = schema.FeatureNames, Preprocessing = schema.Pipeline, LabelName = schema.LabelName, Loss = options.Loss, Classes = classes, PositiveClass = encoding.PositiveClass, Multinomial = encoding.Multinomial,
                Weights = weights, Intercepts = intercepts, Standardization = standardization, Hyperparameters = options, Summary = summary,
            }
            : new LinearRegressionModel
            {
                FeatureNames = schema.FeatureNames, Preprocessing = schema.Pipeline, LabelName = schema.LabelName, Loss = options.Loss,
                Weights = weights, Intercepts = intercepts, Standardization = standardization, Hyperparameters = options, Summary = summary,
            };
    }

    /// <summary>The progress bar's length: epochs for SGD, iterations or rounds otherwise.</summary>
    public static int IterationBudget(LinearModelOptions options) =>
        options.Solver is LinearSolver.Sgd or LinearSolver.LocalSgd ? options.Epochs : options.EffectiveMaximumIterations;

    /// <summary>
    /// Why <paramref name="result"/> is no model, or null: the solver stopped because its iterates diverged, or the
    /// coefficients or the objective are not finite. Such weights would be saved as numbers like 1e303 and score every
    /// row as ±∞, so the run fails instead, saying what to change.
    /// </summary>
    private static string? Diverged(SolverResult result, LinearModelOptions options, double zeroObjective)
    {
        // A private solver does not measure its objective on the training rows (that would be a release): NaN by design.
        var finite = (options.Privacy is not null || double.IsFinite(result.FinalLoss)) && System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<double>(result.Coefficients);
        var runaway = result.FinalLoss > RunawayFactor * zeroObjective; // false when no zero model was measured (NaN)
        if (!result.Diverged && finite && !runaway)
        {
            return null;
        }

        var what = runaway && !result.Diverged
            ? $"the training objective ended at {result.FinalLoss:G4}, more than {RunawayFactor:G} times the {zeroObjective:G4} of all-zero weights"
            : result.Diverged
            ? (result.Notes.LastOrDefault(n => n.Contains("non-finite", StringComparison.Ordinal)) ?? "an update would have made the model non-finite").Split("; stopped")[0]
            : $"the training objective ended at {result.FinalLoss:G4}, with {(finite ? "finite" : "non-finite")} weights";
        var remedies = options.Solver is LinearSolver.Sgd or LinearSolver.LocalSgd
            ? $"lower the learning rate (`LearningRate`, now {options.LearningRate:G3}){(options.Standardize ? string.Empty : ", standardize the features (`Standardize`)")} or use a solver with a line search (`Solver` lbfgs{(options.IsClassification ? string.Empty : ", or normal for least squares")})"
            : options.Standardize ? "use a larger L2 penalty (`L2`) or another solver (`Solver`)" : "standardize the features (`Standardize`), use a larger L2 penalty (`L2`) or another solver (`Solver`)";
        return $"training diverged and no model was written: {what}; {remedies}";
    }

    /// <summary>
    /// F(0): every score 0, so each output's loss is ℓ(±1, 0) — log 2 (logistic) or 1 (hinge) — and no penalty; a
    /// multinomial model's every row has the cross-entropy of k equal scores, log k.
    /// </summary>
    internal static double ZeroModelObjective(LossKind loss, LabelEncoding encoding) =>
        encoding.Multinomial ? Math.Log(encoding.Classes!.Length) : encoding.Outputs * (loss == LossKind.Logistic ? Math.Log(2) : 1.0);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trained linear model's objective {Objective:G4} is worse than all-zero weights")]
    private static partial void LogWorseThanZero(ILogger logger, double objective);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training a linear model by {Solver} with the {Loss} loss: {Outputs} weight vector(s), {Classes} classes, {Features} features")]
    private static partial void LogStarting(ILogger logger, LinearSolver solver, LossKind loss, int outputs, int classes, int features);
}
