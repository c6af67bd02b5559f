using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Distributed batch gradient descent on the objective of <see cref="LinearModelOptions"/> (any smooth loss; the
/// CLI offers it for least squares): each iteration broadcasts the raw coefficients, every partition returns its
/// <see cref="LossGradient"/> (<see cref="LossGradientStep"/>, one fused pass over the rows), and the driver takes
/// θ ← θ − α ∇f(θ) in the solver's (standardized, when asked) coordinates. A step that raises the objective is undone
/// and α halved ("bold driver", Battiti 1989), so a too-large rate costs a pass, never a diverged model.
/// Converged when ‖∇f‖ ≤ tolerance (absolute). Cost per iteration: one pass, 2·m·nnz multiply-adds per row, O(m·d)
/// on the driver. Checkpoints: every due iteration saves <see cref="GradientDescentState"/>; a resumed job returns the
/// same bits. L1 is refused (the objective is not smooth): use L-BFGS, whose OWL-QN handles it.
/// </summary>
internal sealed partial class GradientDescentSolver(ILogger logger)
{
    public async Task<SolverResult> SolveAsync(
        LinearProblem problem, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var state = checkpoints.Restore<GradientDescentState>(problem, logger)
            ?? new GradientDescentState(
                problem.Dimension, problem.Outputs, new double[problem.Length], new double[problem.Length], new double[problem.Length],
                double.PositiveInfinity, options.LearningRate, 0, 0, false, []);
        var theta = state.Theta;
        var accepted = state.Accepted;
        var acceptedGradient = state.AcceptedGradient;
        var acceptedLoss = state.AcceptedLoss;
        var rate = state.Rate;
        var halvings = state.Halvings;
        var history = new List<double>(state.LossHistory);
        var converged = state.Converged;
        var iteration = state.Iteration;
        while (!converged && iteration < options.EffectiveMaximumIterations)
        {
            iteration++;
            var evaluation = await problem.EvaluateAsync(theta, cancellationToken);
            var loss = evaluation.Objective;
            if (!(loss <= acceptedLoss * (1 + 1e-10))) // a NaN objective (an overflowing step) is a rise too
            {
                rate /= 2;
                halvings++;
                LogRateHalved(logger, iteration, rate);
                Step(accepted, acceptedGradient, rate, theta);
            }
            else
            {
                var norm = Math.Sqrt(SumOfSquares(evaluation.Gradient));
                history.Add(loss);
                progress?.Report(new TrainingProgress("iteration", iteration, options.EffectiveMaximumIterations, loss));
                LogIteration(logger, iteration, loss, norm);
                Array.Copy(theta, accepted, theta.Length);
                acceptedGradient = evaluation.Gradient;
                acceptedLoss = loss;
                converged = norm <= options.EffectiveTolerance;
                if (!converged)
                {
                    Step(accepted, acceptedGradient, rate, theta);
                }
            }

            if (checkpoints.IsDue(iteration))
            {
                await checkpoints.SaveAsync(
                    iteration,
                    new GradientDescentState(
                        problem.Dimension, problem.Outputs, theta, accepted, acceptedGradient, acceptedLoss, rate, halvings, iteration, converged, [.. history]),
                    cancellationToken);
            }
        }

        string[] notes = halvings == 0 ? [] : [$"the loss rose {halvings} time(s); each time the step was undone and the learning rate halved, to {rate:G4} in the end"];
        return new SolverResult(problem.ToRaw(accepted), iteration, converged, [.. history], acceptedLoss, notes);
    }

    private static void Step(double[] from, double[] gradient, double rate, double[] into)
    {
        for (var j = 0; j < from.Length; j++)
        {
            into[j] = from[j] - (rate * gradient[j]);
        }
    }

    private static double SumOfSquares(double[] values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v * v;
        }

        return sum;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gradient descent iteration {Iteration}: objective {Loss:G10}, gradient norm {Norm:G4}")]
    private static partial void LogIteration(ILogger logger, int iteration, double loss, double norm);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gradient descent iteration {Iteration}: the objective rose, learning rate halved to {Rate:G4}")]
    private static partial void LogRateHalved(ILogger logger, int iteration, double rate);
}
