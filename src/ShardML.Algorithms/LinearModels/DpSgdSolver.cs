using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Privacy;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// DP-SGD (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016), as Opacus runs it: each step t samples
/// every row with probability q = B/N (Poisson, <see cref="PoissonSampler"/>), clips each row's gradient to norm C
/// (<see cref="DpSgdStep"/>), and the driver adds N(0, σ²C²I) once to the sum and divides by the expected batch qN:
/// <c>ĝ = (Σ clip(gᵢ) + z) / (qN)</c>; then <c>θ ← prox(θ − η_t (ĝ + λ₂ w))</c> as in <see cref="SgdSolver"/> (the
/// penalty and the proximal L1 step are post-processing). Steps: ⌈epochs / q⌉. σ is the smallest that meets (ε, δ)
/// for q and the step count (<see cref="NoiseCalibration"/>) unless given, and every step is recorded with the
/// accountant, whose history travels in each checkpoint (<see cref="DpSgdState"/>). The noise is drawn on the driver
/// after a pass returns, once per step however often the pass was retried. Only the final model is released: no loss
/// is computed on the data during or after training, since it would spend budget the accountant does not count.
/// Cost per step: O(q·n·m·nnz) on the partitions, O(m·d) on the driver.
/// With distributed noise (<see cref="NoisePlacement.Distributed"/>, secure aggregation only) each of the P partitions
/// adds N(0, σ²C²/P) to its own sums instead (<see cref="DpSgdStep.NoiseShare"/>), so the masked total already carries
/// N(0, σ²C²I) and the driver adds nothing.
/// </summary>
internal sealed partial class DpSgdSolver(ILogger logger)
{
    public async Task<SolverResult> SolveAsync(
        LinearProblem problem, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var privacy = options.Privacy!;
        var rows = problem.Rows;
        var sampleRate = Math.Min(1.0, (double)options.BatchSize / rows);
        var steps = (int)Math.Ceiling(options.Epochs / sampleRate);
        var state = checkpoints.Restore<DpSgdState>(problem, logger);
        var sigma = state?.NoiseMultiplier ?? NoiseFor(privacy, sampleRate, steps);
        var accountant = state is null ? PrivacyAccountants.Create(privacy.Accountant) : PrivacyAccountants.Restore(state.Spent);
        var planned = PrivacyAccountants.Create(privacy.Accountant);
        planned.Record(sigma, sampleRate, steps);
        var promise = planned.GetEpsilon(privacy.Delta);
        if (!(promise.Epsilon <= privacy.Epsilon * (1 + 1e-9)))
        {
            throw new ArgumentException(
                $"{steps} steps at sample rate {sampleRate:G4} with noise multiplier {sigma:G4} spend ε = {promise.Epsilon:G4} at δ = {privacy.Delta:G3}, more than the `Epsilon` of {privacy.Epsilon:G4}: raise `NoiseMultiplier`, or leave it out to have it calibrated");
        }

        var distributed = privacy.Noise == NoisePlacement.Distributed;
        var shares = problem.Executor.Dataset.PartitionCount;
        if (distributed && problem.Executor.Privacy != AggregationPrivacy.TotalsOnly)
        {
            throw new ArgumentException(
                "distributed noise (`Noise` = distributed) is added by each partition before secure aggregation masks its sums; without secure aggregation the driver would see every silo's sums with only a share of the noise: turn on `SecureAggregation` (masking or paillier)");
        }

        // Shares of variance σ²C²/P add up to σ²C² whatever the placement; a pass re-run among fewer silos draws them anew.
        var shareDeviation = distributed ? sigma * privacy.ClipNorm / Math.Sqrt(shares) : 0;
        LogPlanned(logger, steps, sampleRate, sigma, promise.Epsilon, privacy.Delta);
        var noise = new NoiseSource(privacy.TestSeed);
        var theta = state?.Theta ?? new double[problem.Length];
        var rate = new LearningRate(options.Schedule, options.LearningRate, options.L2);
        var coordinates = Coordinates(problem);
        var raw = new double[problem.Length];
        var gradient = new double[problem.Length];
        var perturbation = new double[problem.Length];
        var step = state?.Iteration ?? 0;
        while (step < steps)
        {
            problem.ToRaw(theta, raw);
            var sums = await problem.Executor.RunAsync(
                new DpSgdStep(raw, problem.Dimension, options.Loss, problem.Encoding, options.Seed, step, sampleRate, privacy.ClipNorm, coordinates.Mean, coordinates.InverseScale)
                {
                    NoiseShare = shareDeviation,
                    NoiseTestSeed = privacy.TestSeed,
                },
                cancellationToken);
            var expectedBatch = sampleRate * rows;
            problem.MeanLossGradient(sums, expectedBatch, gradient);
            sums.Release();
            if (!distributed)
            {
                noise.Gaussian(perturbation, sigma * privacy.ClipNorm, step);
                for (var j = 0; j < gradient.Length; j++)
                {
                    gradient[j] += perturbation[j] / expectedBatch;
                }
            }

            SgdSolver.Update(problem, theta, gradient, rate.At(step));
            step++;
            accountant.Record(sigma, sampleRate);
            if (checkpoints.IsDue(step))
            {
                await checkpoints.SaveAsync(step, new DpSgdState(problem.Dimension, problem.Outputs, step, theta, sigma, accountant.State), cancellationToken);
            }

            progress?.Report(new TrainingProgress("step", step, steps, double.NaN));
        }

        var spent = accountant.GetEpsilon(privacy.Delta);
        LogSpent(logger, spent.Epsilon, privacy.Delta, step);
        List<string> notes = ["no loss or metric is computed on the training rows of a private model: it would be a release the budget does not cover; evaluate on held-out rows"];
        if (privacy.TestSeed is not null)
        {
            notes.Add("the noise came from a test seed (`TestSeed`): anyone who knows it can remove the noise, so this model protects no row");
        }

        return new SolverResult(problem.ToRaw(theta), step, true, [], double.NaN, [.. notes])
        {
            Privacy = new PrivacyReport("dp-sgd", spent.Epsilon, privacy.Delta, spent.Accountant, spent.Order, sigma, privacy.ClipNorm, sampleRate, step, [], privacy.TestSeed is not null)
            {
                NoisePlacement = privacy.Noise,
                NoiseShares = distributed ? shares : null,
            },
        };
    }

    private static double NoiseFor(DifferentialPrivacyOptions privacy, double sampleRate, int steps) =>
        privacy.NoiseMultiplier
        ?? NoiseCalibration.Calibrate(new PrivacyBudget(privacy.Epsilon, privacy.Delta), sampleRate, steps, privacy.Accountant).NoiseMultiplier;

    /// <summary>μ and 1/σ of the solver's coordinates, for the rows' norms: the standardization's, or none.</summary>
    private static (double[] Mean, double[] InverseScale) Coordinates(LinearProblem problem) =>
        (problem.Scaling.Mean, [.. problem.Scaling.Scale.Select(s => 1 / s)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "DP-SGD: {Steps} steps at sample rate {SampleRate:G4}, noise multiplier {Sigma:G4}, promising ε = {Epsilon:G4} at δ = {Delta:G3}")]
    private static partial void LogPlanned(ILogger logger, int steps, double sampleRate, double sigma, double epsilon, double delta);

    [LoggerMessage(Level = LogLevel.Information, Message = "DP-SGD spent ε = {Epsilon:G4} at δ = {Delta:G3} over {Steps} steps")]
    private static partial void LogSpent(ILogger logger, double epsilon, double delta, int steps);
}
