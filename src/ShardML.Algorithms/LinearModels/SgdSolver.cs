using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Synchronous mini-batch SGD (Spark MLlib's <c>GradientDescent</c> with a mini-batch fraction): each round the
/// driver broadcasts θ, every partition returns the loss gradient on its share of a B-row batch
/// (<see cref="MiniBatchGradientStep"/>), and the driver takes
/// <c>w ← (1 − η_t λ₂) w − η_t ĝ_w, b ← b − η_t ĝ_b</c> with ĝ the batch's mean loss gradient, then, with L1, the
/// proximal step of η_t λ₁‖·‖₁ (soft-thresholding: proximal SGD, equivalently truncated gradient with period 1,
/// Langford, Li &amp; Zhang 2009). An epoch is ⌈n / B⌉ rounds. With <see cref="LinearModelOptions.Averaged"/> the
/// model returned is the running mean of the iterates from the second epoch on (Polyak &amp; Juditsky 1992).
/// Convergence: an epoch whose mean batch objective changed by less than the tolerance, relatively.
/// Cost per round: O(B·m·nnz) on the partitions, O(m·d) on the driver, one model and one gradient each way.
/// A last full pass computes the exact objective of the returned model.
/// <para>
/// Divergence: an update that would make θ non-finite (a learning rate too large for the features overflows) is not
/// taken; the solver stops at the last finite θ with a note, so it never returns a NaN model.
/// </para>
/// <para>
/// Checkpoints: every due epoch saves <see cref="SgdState"/> — θ, the average, t, the loss history — and a resumed job
/// continues from the next epoch with the same batches and step sizes, so it returns the same bits.
/// </para>
/// </summary>
internal sealed partial class SgdSolver(ILogger logger)
{
    public async Task<SolverResult> SolveAsync(
        LinearProblem problem, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var dataset = problem.Executor.Dataset;
        var batchSizes = MiniBatchSampler.Allocate(options.BatchSize, dataset.RowCounts);
        var batch = batchSizes.Sum();
        var roundsPerEpoch = (int)((problem.Rows + batch - 1) / batch);
        var rate = new LearningRate(options.Schedule, options.LearningRate, options.L2);
        var averageFrom = options.Epochs > 1 ? roundsPerEpoch : 0;

        var state = checkpoints.Restore<SgdState>(problem, logger);
        var theta = state?.Theta ?? new double[problem.Length];
        var average = state?.Average is { Length: > 0 } restored ? restored : new double[problem.Length];
        var gradient = new double[problem.Length];
        var history = new EpochHistory(state?.LossHistory ?? [], options.EffectiveTolerance);
        var step = state?.Step ?? 0;
        var bytesPerRound = state?.BytesPerRound ?? 0;
        var converged = state?.Converged ?? false;
        var epoch = state?.Iteration ?? 0;
        var last = new double[problem.Length];
        var broadcast = new double[problem.Length]; // free again once a step returns: every partition has read it
        var notes = new List<string>();
        var diverged = false;
        while (!converged && notes.Count == 0 && epoch < options.Epochs)
        {
            epoch++;
            double epochObjective = 0;
            for (var round = 0; round < roundsPerEpoch; round++)
            {
                problem.ToRaw(theta, broadcast);
                var message = new MiniBatchGradientStep(broadcast, problem.Dimension, options.Loss, problem.Encoding, batchSizes, options.Seed, step);
                var sums = await problem.Executor.RunAsync(message, cancellationToken);
                if (bytesPerRound == 0)
                {
                    bytesPerRound = WireSize.OfRound(message, sums, dataset.PartitionCount);
                }

                var (l1, l2) = problem.PenaltyParts(theta);
                epochObjective += (sums.Losses.Sum() / sums.Count) + l1 + l2;
                problem.MeanLossGradient(sums, sums.Count, gradient);
                sums.Release();
                theta.CopyTo(last, 0);
                Update(problem, theta, gradient, rate.At(step));
                if (!TensorPrimitives.IsFiniteAll<double>(theta))
                {
                    last.CopyTo(theta, 0);
                    notes.Add(DivergedNote(epoch, step, rate.At(step)));
                    LogDiverged(logger, epoch, step, rate.At(step));
                    diverged = true;
                    break;
                }

                step++;
                if (options.Averaged && step > averageFrom)
                {
                    Average(average, theta, step - averageFrom);
                }
            }

            if (diverged)
            {
                break; // diverged mid-epoch: the epoch's objective is incomplete, and nothing is saved
            }

            var objective = epochObjective / roundsPerEpoch;
            progress?.Report(new TrainingProgress("epoch", epoch, options.Epochs, objective));
            LogEpoch(logger, epoch, objective);
            converged = history.Add(objective);
            if (checkpoints.IsDue(epoch))
            {
                await checkpoints.SaveAsync(
                    epoch,
                    new SgdState(problem.Dimension, problem.Outputs, epoch, step, theta, options.Averaged ? average : [], history.ToArray(), converged, bytesPerRound),
                    cancellationToken);
            }
        }

        var final = options.Averaged ? average : theta;
        var evaluation = await problem.EvaluateAsync(final, cancellationToken);
        progress?.Report(new TrainingProgress("finalization", epoch, options.Epochs, evaluation.Objective));
        return new SolverResult(problem.ToRaw(final), epoch, converged, history.ToArray(), evaluation.Objective, [.. notes])
        {
            Diverged = diverged,
            Communication = new CommunicationSummary((int)step, 1, step, 0, bytesPerRound, 0),
        };
    }

    /// <summary>θ ← prox(θ − η (ĝ + λ₂ w)): the L2 shrink and gradient step, then soft-thresholding for L1. O(m d).</summary>
    internal static void Update(LinearProblem problem, double[] theta, double[] gradient, double rate)
    {
        var shrink = 1 - (rate * problem.Penalty.L2);
        for (var c = 0; c < problem.Outputs; c++)
        {
            var at = c * problem.Stride;
            for (var j = 0; j < problem.Dimension; j++)
            {
                theta[at + j] = (shrink * theta[at + j]) - (rate * gradient[at + j]);
            }

            theta[at + problem.Dimension] -= rate * gradient[at + problem.Dimension];
            problem.Penalty.SoftThreshold(problem.Weights(theta, c), rate);
        }
    }

    /// <summary>What a solver notes when an update would have made θ non-finite.</summary>
    internal static string DivergedNote(int epoch, long step, double rate) =>
        $"epoch {epoch}, step {step}: the update at learning rate {rate:G3} would have made the model non-finite; stopped at the last finite one: lower `LearningRate` or use `Standardize`";

    /// <summary>The running mean of iterates: avg ← avg + (θ − avg) / k.</summary>
    internal static void Average(double[] average, double[] theta, long count)
    {
        for (var j = 0; j < theta.Length; j++)
        {
            average[j] += (theta[j] - average[j]) / count;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SGD epoch {Epoch}, step {Step}: the update at learning rate {Rate:G3} would have made the model non-finite; stopped")]
    private static partial void LogDiverged(ILogger logger, int epoch, long step, double rate);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SGD epoch {Epoch}: mean mini-batch objective {Objective:G10}")]
    private static partial void LogEpoch(ILogger logger, int epoch, double objective);
}
