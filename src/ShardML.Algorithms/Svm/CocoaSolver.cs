using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// The linear SVM by CoCoA+ (Ma, Smith, Jaggi, Jordan, Richtárik &amp; Takáč, "Adding vs. Averaging in Distributed
/// Primal-Dual Optimization", ICML 2015; Smith et al., "CoCoA: A General Framework for Communication-Efficient
/// Distributed Optimization", JMLR 2018) with LIBLINEAR's dual coordinate descent as the local solver
/// (<see cref="LocalSdca"/>).
/// <para>
/// Primal: <c>P(w) = λ/2 ‖w̃‖² + 1/n Σ max(0, 1 − yᵢ w̃·x̃ᵢ)</c> with x̃ = (x, 1) — the intercept is the weight of a constant
/// feature and is penalized, as LIBLINEAR does with <c>-B 1</c> (an unpenalized intercept would add the constraint
/// Σ αᵢyᵢ = 0, which coordinate ascent cannot keep). Dual: <c>D(β) = 1/n Σ βᵢ − λ/2 ‖w(β)‖²</c>, 0 ≤ βᵢ ≤ 1,
/// w(β) = 1/(λn) Σ βᵢ yᵢ x̃ᵢ; LIBLINEAR's α = β/(λn) with C = 1/(λn). For every β, D(β) ≤ P* ≤ P(w(β)), so the duality gap
/// P − D bounds the suboptimality; it stops when the gap relative to P is at most the tolerance for every output.
/// </para>
/// <para>
/// Each round broadcasts w; each partition measures the gap's sums at w, improves its own duals against the CoCoA+
/// subproblem with σ′ = K (safe for adding the K updates, γ = 1), and returns its whole share w_k; the driver sets
/// w = Σ_k w_k. The model returned is the last w whose gap was measured. Cost per round: (1 + local epochs) reads of
/// every partition, one m·(d+1) vector each way per partition.
/// </para>
/// <para>
/// Convergence, measured (2000 noisy rows, λ = 10⁻³, 3 partitions): the primal is within 5·10⁻⁴ of the optimum after
/// about 10 rounds, but closing the gap to 10⁻⁴ takes ~1000, because the hinge loss is not smooth and the rate is
/// sublinear with a constant that grows with σ′: ~90 rounds on 1 partition, ~650 with σ′ = 2, ~990 with σ′ = 3, while
/// σ′ = 1 on 3 partitions diverges, and more local epochs do not help (the subproblem is already solved well). A
/// data-dependent σ′ (Smith et al. 2018, §3) or a smoothed hinge would shorten the tail.
/// </para>
/// <para>
/// Standardization: P is defined on x′ = (x − μ)/σ (dense; sparse data is only scaled) and the standardized weights,
/// the bias included; the partitions take the same dual steps on raw rows (<see cref="StandardizedCoordinates"/>),
/// and the model is reported on raw features. On raw features of very different scales or far from zero the dual
/// steps (1 − m)λn/(σ′‖x̃‖²) become tiny and the gap closes slowly, as with LIBLINEAR on unscaled data, so
/// standardizing is recommended.
/// </para>
/// <para>
/// Checkpoints, bit for bit. The duals live with the rows (<see cref="CocoaPartitionState"/>), not on the driver, and a
/// resumed job runs on a freshly loaded dataset whose partitions hold none. Restarting them from β = 0 would be correct
/// (as for a lost partition, <see cref="CocoaStep"/>) and would reach the same optimum to the gap tolerance, but by
/// other rounds and other bits. So the duals travel in the checkpoint: after every due round one more pass collects
/// them (<see cref="CocoaDualsStep"/>) into <see cref="CocoaState"/> with the driver's w, and a resumed job gives them
/// back (<see cref="CocoaRestoreStep"/>) before its next round. Since every round sums w_k afresh from the duals, the
/// duals are all a partition needs: a checkpoint is n·m + 2·m·(d+1) doubles, not K·m·(d+1) more for the shares. Cost:
/// n·m doubles to the driver per checkpoint, and to every silo once per resume. A partition that lost its duals before
/// the collection is absent from the checkpoint and restarts from zero in the next round, as in the undisturbed job.
/// </para>
/// <para>
/// Lineage: only duals the driver accepted. The driver's D = Σ βᵢ/n − λ/2 ‖w‖² is the dual objective — a lower bound
/// on P* — only if w is the w(β) of the β the partitions summed, so a partition may continue only from the duals whose
/// share the driver summed into w. Having completed the previous round is not enough: a silo whose reply comes too late
/// still completes the round while the driver reruns the partition on another silo (from β = 0 there) and sums that
/// silo's share; if the partition later moves back, the late silo's duals say "previous round" but are not those of w,
/// and the gap measured with them bounds nothing — it can stop the job early. So every reply names its duals' lineage:
/// the round they last started from β = 0, which with the round determines them (<see cref="CocoaLineage"/>). The driver
/// keeps the lineage of the reply it accepted for each partition and sends them with the next round; a partition
/// holding duals of another lineage restarts from zero and flags a reset, so that round's gap is ignored. Checkpoints
/// keep each partition's lineage with its duals. Cost: one int per partition each way per round. It is counter-based,
/// not random, so undisturbed runs send the same bits every time. (Having each partition also return the w_k of the
/// duals it started from, for the driver to compare with w, would double the replies and need a rounding tolerance.)
/// </para>
/// </summary>
internal sealed partial class CocoaSolver(ILogger logger)
{
    /// <summary>How long dropping the duals at the end may take: a pass on a healthy cluster takes far less.</summary>
    public async Task<SolverResult> SolveAsync(
        LinearProblem problem, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var dataset = problem.Executor.Dataset;
        var lambda = options.L2;
        var n = problem.Rows;
        var aggregation = Math.Max(1, dataset.RowCounts.Count(r => r > 0));
        var key = "cocoa/" + Guid.NewGuid().ToString("N");
        var tolerance = options.EffectiveTolerance;
        var coordinates = problem.Coordinates;
        var state = checkpoints.Restore<CocoaState>(problem, logger);
        var w = state?.Next ?? new double[problem.Length];
        var model = state?.Model ?? w;
        var gap = state?.Gap ?? double.NaN;
        var objective = state?.Objective ?? double.NaN;
        var history = new List<double>(state?.LossHistory ?? []);
        var notes = new List<string>(state?.Notes ?? []);
        var converged = state?.Converged ?? false;
        var round = state?.Iteration ?? 0;
        var origins = CocoaLineage.ByPartition(dataset.PartitionCount, (state?.Duals ?? []).Select(d => new CocoaLineage(d.Partition, d.Origin)));
        var replays = new CocoaReplays(round, state?.Duals ?? []);
        try
        {
            if (state is { Converged: false } && state.Iteration < options.EffectiveMaximumIterations)
            {
                await RestoreDualsAsync(problem, key, state, coordinates, cancellationToken);
            }

            while (!converged && round < options.EffectiveMaximumIterations)
            {
                round++;
                replays.Broadcast(round, w);
                var sent = origins;
                var current = round;
                var step = new CocoaStep(w, problem.Dimension, problem.Encoding, lambda, n, aggregation, options.LocalEpochs, options.Seed, round, key, coordinates, origins)
                {
                    ReplaySource = partitions => replays.For(partitions, sent, current),
                };
                var summary = await problem.Executor.RunAsync(step, cancellationToken);
                if (summary.Resets > 0)
                {
                    notes.Add($"round {round}: {summary.Resets} partition(s) had lost their dual variables, or held some the driver had not accepted, and restarted from α = 0; that round's gap was not used");
                    LogReset(logger, round, summary.Resets);
                }
                else
                {
                    (objective, gap) = Gap(problem, w, summary, lambda, n);
                    model = w;
                    history.Add(objective);
                    progress?.Report(new TrainingProgress("round", round, options.EffectiveMaximumIterations, objective));
                    LogRound(logger, round, objective, gap);
                    converged = gap <= tolerance;
                }

                w = summary.Contributions;
                origins = CocoaLineage.ByPartition(dataset.PartitionCount, summary.Lineages);
                if (checkpoints.IsDue(round))
                {
                    // A job that has run its last round needs no duals to go on; under secure aggregation they are
                    // per-row values that must not reach the driver, so a resumed job restarts them from zero.
                    var duals = converged || round == options.EffectiveMaximumIterations || problem.Executor.Privacy == AggregationPrivacy.TotalsOnly ? [] : (await problem.Executor.RunAsync(DualsStep(step, key, round, origins, replays), cancellationToken)).Partitions.ToArray();
                    replays.Collected(round, duals, origins);
                    await checkpoints.SaveAsync(
                        round,
                        new CocoaState(problem.Dimension, problem.Outputs, round, w, model, objective, gap, [.. history], [.. notes], converged, duals),
                        cancellationToken);
                }
            }
        }
        finally
        {
            await DropStateAsync(problem, key, cancellationToken);
        }

        return new SolverResult(model, round, converged, [.. history], objective, [.. notes]) { RelativeDualityGap = gap };
    }

    /// <summary>Collects the duals after <paramref name="round"/>; a node new to a partition rebuilds them first, as the next round's step would.</summary>
    private static CocoaDualsStep DualsStep(CocoaStep last, string key, int round, int[] origins, CocoaReplays replays) =>
        new(key, round, origins)
        {
            RebuildSource = partitions => last with { Round = round + 1, Origins = origins, Replays = replays.For(partitions, origins, round + 1), ReplaySource = null },
        };

    /// <summary>
    /// Gives the partitions back the duals of the checkpoint, under this run's key, so the next round continues as the
    /// undisturbed job's did. Partitions it could not give them to restart from zero in that round, which says so.
    /// </summary>
    private async Task RestoreDualsAsync(LinearProblem problem, string key, CocoaState state, StandardizedCoordinates? coordinates, CancellationToken cancellationToken)
    {
        var restored = await problem.Executor.RunAsync(
            new CocoaRestoreStep(key, state.Iteration, problem.Dimension, problem.Outputs, state.Duals, coordinates), cancellationToken);
        LogDualsRestored(logger, restored.Partitions, state.Duals.Length, state.Iteration);
    }

    /// <summary>Frees the duals on every partition, best effort (<see cref="WorkingState"/>).</summary>
    private async Task DropStateAsync(LinearProblem problem, string key, CancellationToken jobCancellation)
    {
        var (outcome, failure) = await WorkingState.DropAsync(problem.Executor, key, jobCancellation);
        if (outcome == WorkingState.DropOutcome.Skipped)
        {
            LogDropSkipped(logger, key);
        }
        else if (failure is not null)
        {
            LogDropFailed(logger, failure, key);
        }
    }

    /// <summary>Σ_c P_c(w) and the largest relative gap max_c (P_c − D_c) / P_c.</summary>
    private static (double Primal, double RelativeGap) Gap(LinearProblem problem, double[] w, CocoaSummary summary, double lambda, long n)
    {
        double primal = 0, worst = 0;
        var scaled = problem.FromRaw(w); // the penalty is on standardized weights when standardizing
        for (var c = 0; c < problem.Outputs; c++)
        {
            var norm = 0.0;
            foreach (var v in scaled.AsSpan(c * problem.Stride, problem.Stride))
            {
                norm += v * v;
            }

            var p = (lambda / 2 * norm) + (summary.HingeSums[c] / n);
            var d = (summary.DualSums[c] / n) - (lambda / 2 * norm);
            primal += p;
            worst = Math.Max(worst, (p - d) / p);
        }

        return (primal, worst);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CoCoA+ gave {Restored} of {Saved} partitions' duals back from the checkpoint of round {Round}")]
    private static partial void LogDualsRestored(ILogger logger, int restored, int saved, int round);

    [LoggerMessage(Level = LogLevel.Debug, Message = "CoCoA+ round {Round}: primal {Primal:G12}, relative duality gap {Gap:G3}")]
    private static partial void LogRound(ILogger logger, int round, double primal, double gap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CoCoA+ could not drop its state {Key} from the partitions; it goes when they are released")]
    private static partial void LogDropFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "CoCoA+ was cancelled and leaves its state {Key} to go with the partitions")]
    private static partial void LogDropSkipped(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CoCoA+ round {Round}: {Partitions} partition(s) had lost their dual state, or held one the driver had not accepted, and restarted from zero")]
    private static partial void LogReset(ILogger logger, int round, int partitions);
}
