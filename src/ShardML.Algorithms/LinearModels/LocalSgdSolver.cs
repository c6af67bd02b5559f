using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Local SGD with periodic model averaging (Stich, "Local SGD Converges Fast and Communicates Little", 2019): each
/// round broadcasts θ, every partition runs H mini-batch steps on its own rows (<see cref="LocalSgdStep"/>), and the
/// driver sets θ to the batch-weighted average of the local models. One round does H global steps' work with one
/// synchronization instead of H, which the job's <see cref="CommunicationSummary"/> reports. With L1, the driver
/// applies truncated gradient with period K = H (Langford, Li &amp; Zhang, JMLR 2009) after averaging: soft-thresholding
/// with gravity λ₁ Σ_{h&lt;H} η_{t+h}, the L1 proximal step accumulated over the round, so H = 1 is exactly the proximal
/// step of <see cref="SgdSolver"/>. An epoch is ⌈n / (B·H)⌉ rounds; averaging and the stopping rule are those of
/// <see cref="SgdSolver"/>. Nothing is kept on the partitions between rounds: every round restarts from the
/// broadcast model. With standardization the local steps are taken in standardized coordinates on the raw rows
/// (<see cref="StandardizedCoordinates"/>). Cost per round: O(H·b_p·m·nnz) on each partition, O(m·d) on the driver.
/// A round whose average is not finite (local steps that overflowed: a learning rate too large) is not taken; the
/// solver stops at the last finite θ with a note, as <see cref="SgdSolver"/> does.
/// Checkpoints: every due epoch saves <see cref="LocalSgdState"/>, and a resumed job returns the same bits.
/// </summary>
internal sealed partial class LocalSgdSolver(ILogger logger)
{
    public async Task<SolverResult> SolveAsync(
        LinearProblem problem, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var dataset = problem.Executor.Dataset;
        var batchSizes = MiniBatchSampler.Allocate(options.BatchSize, dataset.RowCounts);
        var batch = batchSizes.Sum();
        var h = options.LocalSteps;
        var roundsPerEpoch = (int)((problem.Rows + ((long)batch * h) - 1) / ((long)batch * h));
        var rate = new LearningRate(options.Schedule, options.LearningRate, options.L2);
        var averageFrom = options.Epochs > 1 ? roundsPerEpoch : 0;
        var coordinates = problem.Coordinates;

        var state = checkpoints.Restore<LocalSgdState>(problem, logger);
        var theta = state?.Theta ?? new double[problem.Length];
        var average = state?.Average is { Length: > 0 } restored ? restored : new double[problem.Length];
        var history = new EpochHistory(state?.LossHistory ?? [], options.EffectiveTolerance);
        var step = state?.Step ?? 0;
        var rounds = state?.Rounds ?? 0;
        var bytesPerRound = state?.BytesPerRound ?? 0;
        var converged = state?.Converged ?? false;
        var epoch = state?.Iteration ?? 0;
        var notes = new List<string>();
        var diverged = false;

        // Per-round vectors are reused, not reallocated: at d = 10⁵ each is 800 KB. The broadcast's buffer is free
        // again once a round returns (every partition has finished with it), and θ alternates between two buffers.
        var broadcast = new double[problem.Length];
        var raw = new double[problem.Length];
        var spare = new double[problem.Length];
        while (!converged && notes.Count == 0 && epoch < options.Epochs)
        {
            epoch++;
            double epochObjective = 0;
            for (var round = 0; round < roundsPerEpoch; round++)
            {
                problem.ToRaw(theta, broadcast);
                var message = new LocalSgdStep(broadcast, problem.Dimension, options.Loss, problem.Encoding, rate, batchSizes, h, options.Seed, step, coordinates, options.RowOrder);
                var sum = await problem.Executor.RunAsync(message, cancellationToken);
                if (bytesPerRound == 0)
                {
                    bytesPerRound = WireSize.OfRound(message, sum, dataset.PartitionCount);
                }

                var (l1, l2) = problem.PenaltyParts(theta);
                epochObjective += (sum.LossSum / sum.LossRows) + l1 + l2;
                for (var j = 0; j < raw.Length; j++)
                {
                    raw[j] = sum.WeightedCoefficients[j] / sum.Weight;
                }

                sum.Release();
                var next = spare;
                problem.FromRaw(raw, next);

                double gravity = 0;
                for (var k = 0; k < h; k++)
                {
                    gravity += rate.At(step + k);
                }

                for (var c = 0; c < problem.Outputs; c++)
                {
                    problem.Penalty.SoftThreshold(problem.Weights(next, c), gravity);
                }

                if (!TensorPrimitives.IsFiniteAll<double>(next))
                {
                    notes.Add(SgdSolver.DivergedNote(epoch, step, rate.At(step)));
                    LogDiverged(logger, epoch, step, rate.At(step));
                    diverged = true;
                    break;
                }

                (theta, spare) = (next, theta);
                step += h;
                rounds++;
                if (options.Averaged && rounds > averageFrom)
                {
                    SgdSolver.Average(average, theta, rounds - averageFrom);
                }
            }

            if (diverged)
            {
                break; // diverged mid-epoch: the epoch's objective is incomplete, and nothing is saved
            }

            var objective = epochObjective / roundsPerEpoch;
            progress?.Report(new TrainingProgress("epoch", epoch, options.Epochs, objective));
            LogEpoch(logger, epoch, objective, rounds);
            converged = history.Add(objective);
            if (checkpoints.IsDue(epoch))
            {
                await checkpoints.SaveAsync(
                    epoch,
                    new LocalSgdState(problem.Dimension, problem.Outputs, epoch, step, rounds, theta, options.Averaged ? average : [], history.ToArray(), converged, bytesPerRound),
                    cancellationToken);
            }
        }

        var final = options.Averaged ? average : theta;
        var evaluation = await problem.EvaluateAsync(final, cancellationToken);
        progress?.Report(new TrainingProgress("finalization", epoch, options.Epochs, evaluation.Objective));
        var saved = step - rounds;
        return new SolverResult(problem.ToRaw(final), epoch, converged, history.ToArray(), evaluation.Objective, [.. notes])
        {
            Diverged = diverged,
            Communication = new CommunicationSummary(rounds, h, step, saved, bytesPerRound, saved * bytesPerRound),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local SGD epoch {Epoch}, step {Step}: the round's average at learning rate {Rate:G3} was not finite; stopped")]
    private static partial void LogDiverged(ILogger logger, int epoch, long step, double rate);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Local SGD epoch {Epoch}: mean mini-batch objective {Objective:G10} after {Rounds} rounds")]
    private static partial void LogEpoch(ILogger logger, int epoch, double objective, int rounds);
}
