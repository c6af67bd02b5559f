using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearRegression;

/// <summary>
/// Distributed linear regression; the objective is documented on <see cref="LinearRegressionOptions"/>.
/// Gradient descent: each iteration broadcasts the weights, every partition returns its
/// <see cref="SquaredLossGradient"/>, and the driver takes θ′ ← θ′ − α ∇J(θ′) in standardized coordinates; a step
/// that raises the loss is undone and α halved ("bold driver", Battiti 1989), so a too-large rate costs a pass,
/// never a diverged model. Normal equations: one pass, then (C + λ diag(s²)) w = c on the centered covariance C,
/// b = ȳ − x̄·w, solved by Cholesky.
/// </summary>
public sealed partial class LinearRegressionTrainer(ILogger<LinearRegressionTrainer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<LinearRegressionTrainer>.Instance;

    /// <summary>Trains by gradient descent with the common parameters.</summary>
    public Task<LinearRegressionModel> TrainAsync(IPartitionExecutor executor, double learningRate, double l2, CancellationToken cancellationToken) =>
        TrainAsync(executor, new LinearRegressionOptions { LearningRate = learningRate, L2 = l2 }, null, cancellationToken);

    public Task<LinearRegressionModel> TrainAsync(
        IPartitionExecutor executor,
        LinearRegressionOptions options,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken) =>
        TrainAsync(executor, options, progress, TrainerCheckpoints.None, cancellationToken);

    /// <summary>
    /// Trains, saving gradient descent's state every due iteration and resuming from <paramref name="checkpoints"/>'
    /// state when it has one: the result has the bits of an undisturbed run. The normal equations take one pass and
    /// save nothing.
    /// </summary>
    public async Task<LinearRegressionModel> TrainAsync(
        IPartitionExecutor executor,
        LinearRegressionOptions options,
        IProgress<TrainingProgress>? progress,
        TrainerCheckpoints checkpoints,
        CancellationToken cancellationToken)
    {
        var dataset = executor.Dataset;
        var schema = dataset.Schema;
        if (!schema.HasLabel)
        {
            throw new ArgumentException("linear regression needs a label column", nameof(executor));
        }

        if (options.Validate(schema.FeatureCount) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var clock = Stopwatch.StartNew();
        var result = options.Solver == LinearRegressionSolver.Normal
            ? await SolveNormalAsync(executor, options, progress, cancellationToken)
            : await DescendAsync(executor, options, progress, checkpoints, cancellationToken);
        return result with
        {
            FeatureNames = schema.FeatureNames,
            LabelName = schema.LabelName,
            Hyperparameters = options,
            Summary = result.Summary with { Seconds = clock.Elapsed.TotalSeconds, Rows = dataset.TotalRows, Partitions = dataset.PartitionCount },
        };
    }

    private async Task<LinearRegressionModel> DescendAsync(
        IPartitionExecutor executor, LinearRegressionOptions options, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var d = executor.Dataset.Schema.FeatureCount;
        var lambda = options.L2;
        var state = checkpoints.Restore<GradientDescentState>();
        if (state is null)
        {
            var initial = FeatureScaling.Identity(d);
            if (options.Standardize)
            {
                progress?.Report(new TrainingProgress("initialization", 0, options.MaximumIterations, double.NaN));
                var statistics = await executor.RunAsync(new FeatureStatisticsStep(d), cancellationToken);
                initial = FeatureScaling.FromStatistics(statistics, centered: executor.Dataset.Schema.Format != DataFormat.LibSvm);
            }

            state = new GradientDescentState(
                new double[d + 1], new double[d + 1], new double[d + 1], double.PositiveInfinity, options.LearningRate, 0, 0, false, [], initial.Mean, initial.Scale);
        }
        else if (state.Theta.Length != d + 1)
        {
            throw new InvalidOperationException($"the checkpoint holds {state.Theta.Length - 1} weights, not the {d} features of this job");
        }

        var scaling = new FeatureScaling(state.ScalingMean, state.ScalingScale);
        var theta = state.Theta; // standardized weights, then the intercept
        var accepted = state.Accepted;
        var acceptedGradient = state.AcceptedGradient;
        var acceptedLoss = state.AcceptedLoss;
        var rate = state.Rate;
        var halvings = state.Halvings;
        var history = new List<double>(state.LossHistory);
        var converged = state.Converged;
        var iteration = state.Iteration;
        while (!converged && iteration < options.MaximumIterations)
        {
            iteration++;
            var (weights, intercept) = scaling.ToRaw(theta[..d], theta[d]);
            var summary = await executor.RunAsync(new SquaredLossGradientStep(weights, intercept), cancellationToken);
            var n = (double)summary.Count;
            var loss = (summary.SquaredResidualSum / (2 * n)) + (lambda / 2 * SumOfSquares(theta, d));
            if (!(loss <= acceptedLoss * (1 + 1e-10))) // a NaN loss (an overflowing step) is a rise too
            {
                rate /= 2;
                halvings++;
                LogRateHalved(_logger, iteration, rate);
                Step(accepted, acceptedGradient, rate, theta);
            }
            else
            {
                var gradient = new double[d + 1];
                for (var j = 0; j < d; j++)
                {
                    gradient[j] = ((summary.FeatureSums[j] - (scaling.Mean[j] * summary.ResidualSum)) / (n * scaling.Scale[j])) + (lambda * theta[j]);
                }

                gradient[d] = summary.ResidualSum / n;
                var norm = Math.Sqrt(SumOfSquares(gradient, d + 1));
                history.Add(loss);
                progress?.Report(new TrainingProgress("iteration", iteration, options.MaximumIterations, loss));
                LogIteration(_logger, iteration, loss, norm);
                Array.Copy(theta, accepted, d + 1);
                acceptedGradient = gradient;
                acceptedLoss = loss;
                converged = norm <= options.Tolerance;
                if (!converged)
                {
                    Step(accepted, gradient, rate, theta);
                }
            }

            if (checkpoints.IsDue(iteration))
            {
                await checkpoints.SaveAsync(
                    iteration,
                    new GradientDescentState(theta, accepted, acceptedGradient, acceptedLoss, rate, halvings, iteration, converged, [.. history], scaling.Mean, scaling.Scale),
                    cancellationToken);
            }
        }

        string[] notes = halvings == 0 ? [] : [$"the loss rose {halvings} time(s); each time the step was undone and the learning rate halved, to {rate:G4} in the end"];
        var (finalWeights, finalIntercept) = scaling.ToRaw(accepted[..d], accepted[d]);
        return NewModel(finalWeights, finalIntercept, options.Standardize ? scaling : null, new TrainingSummary(
            iteration, converged, [.. history], acceptedLoss, 0, 0, 0, notes));
    }

    private static async Task<LinearRegressionModel> SolveNormalAsync(
        IPartitionExecutor executor, LinearRegressionOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var schema = executor.Dataset.Schema;
        var d = schema.FeatureCount;
        progress?.Report(new TrainingProgress("iteration", 1, 1, double.NaN));
        var sums = await executor.RunAsync(new NormalEquationsStep(d), cancellationToken);
        var n = (double)sums.Count;
        var meanX = sums.FeatureMeans;
        var meanY = sums.LabelMean;
        var covariance = new double[d * d];
        var rhs = new double[d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                covariance[(i * d) + j] = sums.Comoments[(i * d) + j] / n;
            }

            rhs[i] = sums.CrossComoments[i] / n;
        }

        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var variance = Math.Max(0, covariance[(j * d) + j]) * n / Math.Max(1, n - 1);
            scale[j] = options.Standardize && variance > 0 ? Math.Sqrt(variance) : 1.0;
        }

        var system = (double[])covariance.Clone();
        for (var j = 0; j < d; j++)
        {
            system[(j * d) + j] += options.L2 * scale[j] * scale[j];
        }

        if (!CholeskySolver.TrySolve(system, rhs, d, out var weights))
        {
            // Centered moments give a constant feature a variance of exactly 0, or of the mean's rounding (~u²·x̄²).
            var constant = Enumerable.Range(0, d).Where(j => covariance[(j * d) + j] <= 1e-24 * Math.Max(1, meanX[j] * meanX[j])).Select(j => schema.FeatureNames[j]).ToArray();
            var why = constant.Length > 0 ? $"features {string.Join(", ", constant.Select(c => $"'{c}'"))} are constant" : "the features are collinear";
            // An argument error: the remedy is an option, so the CLI reports it as a usage error, not a failure of ours.
            throw new ArgumentException($"the normal equations are singular: {why}; add an L2 penalty (--l2) or drop them", nameof(options));
        }

        var intercept = meanY;
        for (var j = 0; j < d; j++)
        {
            intercept -= weights[j] * meanX[j];
        }

        // Loss at the solution from the centered moments alone: Σr² = wᵀCw − 2wᵀc + Σ(y − ȳ)² + n(w·x̄ + b − ȳ)².
        var loss = Objective(sums, weights, intercept, scale, options.L2);
        var scaling = options.Standardize ? new FeatureScaling(meanX, scale) : null;
        return NewModel(weights, intercept, scaling, new TrainingSummary(1, true, [loss], loss, 0, 0, 0, []));
    }

    private static double Objective(NormalEquations sums, double[] w, double b, double[] scale, double lambda)
    {
        var d = w.Length;
        var n = (double)sums.Count;
        double quadratic = 0;
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                quadratic += w[i] * sums.Comoments[(i * d) + j] * w[j];
            }
        }

        double cross = 0;
        double offset = b - sums.LabelMean;
        double penalty = 0;
        for (var j = 0; j < d; j++)
        {
            cross += w[j] * sums.CrossComoments[j];
            offset += w[j] * sums.FeatureMeans[j];
            penalty += scale[j] * scale[j] * w[j] * w[j];
        }

        var squared = quadratic - (2 * cross) + sums.LabelComoment + (n * offset * offset);
        return (Math.Max(0, squared) / (2 * n)) + (lambda / 2 * penalty);
    }

    private static LinearRegressionModel NewModel(double[] weights, double intercept, FeatureScaling? scaling, TrainingSummary summary) => new()
    {
        FeatureNames = [],
        Weights = weights,
        Intercept = intercept,
        Standardization = scaling,
        Hyperparameters = new LinearRegressionOptions(),
        Summary = summary,
    };

    private static void Step(double[] from, double[] gradient, double rate, double[] into)
    {
        for (var j = 0; j < from.Length; j++)
        {
            into[j] = from[j] - (rate * gradient[j]);
        }
    }

    private static double SumOfSquares(double[] values, int count)
    {
        double sum = 0;
        for (var j = 0; j < count; j++)
        {
            sum += values[j] * values[j];
        }

        return sum;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gradient descent iteration {Iteration}: loss {Loss:G10}, gradient norm {Norm:G4}")]
    private static partial void LogIteration(ILogger logger, int iteration, double loss, double norm);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gradient descent iteration {Iteration}: the loss rose, learning rate halved to {Rate:G4}")]
    private static partial void LogRateHalved(ILogger logger, int iteration, double rate);
}
