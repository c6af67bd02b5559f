using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Full-batch quasi-Newton on the objective of <see cref="LinearModelOptions"/>, the driver running the algorithm and
/// the partitions summing loss and gradient (<see cref="LossGradientStep"/>, one pass per function evaluation), as
/// Spark MLlib's LBFGS and scikit-learn's lbfgs solver do.
/// <list type="bullet">
/// <item>λ₁ = 0: L-BFGS (Liu &amp; Nocedal 1989; Nocedal &amp; Wright Algorithm 7.5): direction −H∇f by the two-loop
/// recursion (<see cref="LbfgsMemory"/>, m pairs), step by a strong-Wolfe line search (<see cref="WolfeLineSearch"/>),
/// first step 1/‖∇f‖ and then 1. With a diagonal preconditioner P (<see cref="DiagonalPreconditioner"/>, the default)
/// all of it runs in the variables u = P^(−1/2) θ: H⁰ = γP, the first step 1/√(∇fᵀP∇f).</item>
/// <item>λ₁ &gt; 0: OWL-QN (Andrew &amp; Gao, "Scalable Training of L1-Regularized Log-Linear Models", ICML 2007): the
/// two-loop recursion on the pseudo-gradient ◇F, the direction zeroed where it disagrees in sign with −◇F, and a
/// backtracking line search (α ← α/2, Armijo c₁ = 10⁻⁴ on ◇F) along the path projected onto the orthant of the
/// current point (or of −◇F where a weight is 0), so a weight that would cross zero stops at zero; s, y come from the
/// smooth part's gradient. The intercepts are not penalized and move freely.</item>
/// </list>
/// Neither line search accepts a trial whose objective or gradient is not finite (a step that overflowed): it counts as
/// too long, so every iterate is finite and F never goes up.
/// Converged when ‖∇F‖ (‖◇F‖ with L1) ≤ tolerance × its value at θ = 0. Cost per iteration: usually one distributed
/// pass (a few when the line search backtracks), O(m·d·pairs) on the driver.
/// Checkpoints: every due iteration saves <see cref="LbfgsState"/> — the point, its objective and gradient, the
/// correction pairs in order — and a resumed job returns the same bits.
/// </summary>
internal sealed partial class LbfgsSolver(ILogger logger)
{
    public async Task<SolverResult> SolveAsync(
        LinearProblem problem, double[]? preconditioner, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var l1 = options.L1 > 0;
        // The iteration's model-length vectors come from a pool and go back to it (VectorPool: large-object garbage).
        var pool = new VectorPool(problem.Length);
        var memory = new LbfgsMemory(options.HistorySize, pool, preconditioner);
        double[] theta;
        LinearProblem.Evaluation current;
        List<double> history;
        var state = checkpoints.Restore<LbfgsState>(problem, logger);
        if (state is not null)
        {
            theta = state.Theta;
            current = new LinearProblem.Evaluation(state.Smooth, state.L1, state.Gradient);
            history = [.. state.LossHistory];
            for (var k = 0; k < state.Rho.Length; k++)
            {
                memory.Restore(state.S[k], state.Y[k], state.Rho[k]);
            }
        }
        else
        {
            theta = new double[problem.Length];
            current = await problem.EvaluateAsync(theta, cancellationToken);
            history = [current.Objective];
        }

        var pseudo = l1 ? PseudoGradient(problem, theta, current.Gradient) : current.Gradient;
        var initialNorm = state?.InitialNorm ?? Norm(pseudo);
        var converged = state?.Converged ?? initialNorm == 0;
        var iteration = state?.Iteration ?? 0;
        var notes = new List<string>();
        var direction = new double[problem.Length];
        var evaluated = new List<(double[] Point, double[] Gradient)>();
        while (!converged && iteration < options.EffectiveMaximumIterations)
        {
            iteration++;
            memory.Direction(pseudo, direction);
            if (l1)
            {
                AlignWithSteepestDescent(problem, direction, pseudo);
            }

            var slope = DoubleKernels.Dot(pseudo, direction);
            if (!(slope < 0))
            {
                memory.Clear(); // the approximation lost positive definiteness for this point: restart from (scaled) steepest descent
                memory.Direction(pseudo, direction);
                slope = DoubleKernels.Dot(pseudo, direction);
            }

            var initialStep = memory.Count == 0 ? Math.Min(1, 1 / memory.ScaledNorm(pseudo)) : 1;
            var point = theta;
            var trial = l1
                ? await OrthantBacktrackingAsync(problem, point, current.Objective, pseudo, direction, initialStep, pool, evaluated, cancellationToken)
                : await WolfeLineSearch.SearchAsync(
                    async step =>
                    {
                        var next = Step(point, direction, step, pool);
                        var evaluation = await problem.EvaluateAsync(next, pool.Rent(), cancellationToken);
                        evaluated.Add((next, evaluation.Gradient));
                        return new WolfeLineSearch.Trial(step, evaluation.Objective, DoubleKernels.Dot(evaluation.Gradient, direction), next, evaluation);
                    },
                    current.Objective,
                    slope,
                    initialStep);
            foreach (var (trialPoint, trialGradient) in evaluated)
            {
                if (!ReferenceEquals(trialPoint, trial?.Point))
                {
                    pool.Return(trialPoint);
                    pool.Return(trialGradient);
                }
            }

            evaluated.Clear();
            if (trial is null)
            {
                notes.Add($"iteration {iteration}: the line search found no decrease (gradient norm {Norm(pseudo):G3}, {Norm(pseudo) / initialNorm:G3} of the initial); stopped at the best point");
                break;
            }

            var s = pool.Rent();
            var y = pool.Rent();
            DoubleKernels.Subtract(trial.Point, theta, s);
            DoubleKernels.Subtract(trial.Evaluation.Gradient, current.Gradient, y);
            memory.Push(s, y); // the memory owns them now
            pool.Return(theta);
            pool.Return(current.Gradient);
            theta = trial.Point;
            current = trial.Evaluation;
            pseudo = l1 ? PseudoGradient(problem, theta, current.Gradient) : current.Gradient;
            var norm = Norm(pseudo);
            history.Add(current.Objective);
            progress?.Report(new TrainingProgress("iteration", iteration, options.EffectiveMaximumIterations, current.Objective));
            LogIteration(logger, iteration, current.Objective, norm / initialNorm, trial.Step);
            converged = norm <= options.EffectiveTolerance * initialNorm;
            if (checkpoints.IsDue(iteration))
            {
                await checkpoints.SaveAsync(iteration, State(problem, iteration, theta, current, initialNorm, memory, history, converged), cancellationToken);
            }
        }

        if (!converged && notes.Count == 0 && iteration >= options.EffectiveMaximumIterations)
        {
            // Say how far from the test it stopped, so that a user can tell a cap that came early from a slow crawl.
            notes.Add($"stopped at the iteration cap `MaximumIterations` = {iteration} with the gradient norm at {Norm(pseudo) / initialNorm:G3} of its start, above `Tolerance` = {options.EffectiveTolerance:G3}: raise the cap to go on");
        }

        return new SolverResult(problem.ToRaw(theta), iteration, converged, [.. history], current.Objective, [.. notes]);
    }

    /// <summary>The state after an iteration. The notes need no place: a note ends the loop before any save.</summary>
    private static LbfgsState State(
        LinearProblem problem, int iteration, double[] theta, LinearProblem.Evaluation current, double initialNorm, LbfgsMemory memory, List<double> history, bool converged) =>
        new(
            problem.Dimension,
            problem.Outputs,
            iteration,
            theta,
            current.Smooth,
            current.L1,
            current.Gradient,
            initialNorm,
            [.. memory.Pairs.Select(p => p.S)],
            [.. memory.Pairs.Select(p => p.Y)],
            [.. memory.Pairs.Select(p => p.Rho)],
            [.. history],
            converged);

    /// <summary>
    /// ◇F of Andrew &amp; Gao (eq. 4): ∂f ± λ₁ on non-zero weights; at a zero weight the one-sided derivative that
    /// points downhill, or 0 when neither does. Intercepts: the plain gradient.
    /// </summary>
    internal static double[] PseudoGradient(LinearProblem problem, double[] theta, double[] gradient)
    {
        var lambda = problem.Penalty.L1;
        var pseudo = (double[])gradient.Clone();
        for (var c = 0; c < problem.Outputs; c++)
        {
            var at = c * problem.Stride;
            for (var j = at; j < at + problem.Dimension; j++)
            {
                var g = gradient[j];
                pseudo[j] = theta[j] > 0 ? g + lambda
                    : theta[j] < 0 ? g - lambda
                    : g + lambda < 0 ? g + lambda
                    : g - lambda > 0 ? g - lambda
                    : 0;
            }
        }

        return pseudo;
    }

    /// <summary>Zeroes the direction's penalized components that do not point against the pseudo-gradient (Andrew &amp; Gao, §3.2).</summary>
    private static void AlignWithSteepestDescent(LinearProblem problem, double[] direction, double[] pseudo)
    {
        for (var c = 0; c < problem.Outputs; c++)
        {
            var at = c * problem.Stride;
            for (var j = at; j < at + problem.Dimension; j++)
            {
                if (direction[j] * pseudo[j] >= 0)
                {
                    direction[j] = 0;
                }
            }
        }
    }

    /// <summary>Backtracking along the orthant-projected path until F(x⁺) ≤ F(x) + c₁ ◇F·(x⁺ − x), with F(x⁺) and its gradient finite.</summary>
    private static async Task<WolfeLineSearch.Trial?> OrthantBacktrackingAsync(
        LinearProblem problem,
        double[] theta,
        double objective,
        double[] pseudo,
        double[] direction,
        double initialStep,
        VectorPool pool,
        List<(double[] Point, double[] Gradient)> evaluated,
        CancellationToken cancellationToken)
    {
        var orthant = new double[theta.Length];
        for (var j = 0; j < theta.Length; j++)
        {
            orthant[j] = theta[j] != 0 ? Math.Sign(theta[j]) : Math.Sign(-pseudo[j]);
        }

        var step = initialStep;
        for (var evaluation = 0; evaluation < WolfeLineSearch.MaximumEvaluations; evaluation++, step /= 2)
        {
            var next = Step(theta, direction, step, pool);
            for (var c = 0; c < problem.Outputs; c++)
            {
                var at = c * problem.Stride;
                for (var j = at; j < at + problem.Dimension; j++)
                {
                    if (Math.Sign(next[j]) != orthant[j])
                    {
                        next[j] = 0;
                    }
                }
            }

            var result = await problem.EvaluateAsync(next, pool.Rent(), cancellationToken);
            evaluated.Add((next, result.Gradient));
            double decrease = 0;
            for (var j = 0; j < theta.Length; j++)
            {
                decrease += pseudo[j] * (next[j] - theta[j]);
            }

            // False for NaN and ∞: an overflowing step is halved, never taken.
            if (double.IsFinite(result.Objective) && TensorPrimitives.IsFiniteAll<double>(result.Gradient)
                && result.Objective <= objective + (WolfeLineSearch.SufficientDecrease * decrease))
            {
                return new WolfeLineSearch.Trial(step, result.Objective, double.NaN, next, result);
            }
        }

        return null;
    }

    private static double[] Step(double[] from, double[] direction, double step, VectorPool pool)
    {
        var next = pool.Rent();
        DoubleKernels.MultiplyAdd(direction, step, from, next);
        return next;
    }

    private static double Norm(double[] v) => Math.Sqrt(DoubleKernels.Dot(v, v));

    [LoggerMessage(Level = LogLevel.Debug, Message = "L-BFGS iteration {Iteration}: objective {Objective:G12}, relative gradient norm {Relative:G3}, step {Step:G3}")]
    private static partial void LogIteration(ILogger logger, int iteration, double objective, double relative, double step);
}
