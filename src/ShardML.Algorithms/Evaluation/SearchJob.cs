using MemoryPack;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// Cross-validation and hyperparameter search as one job on data loaded once: every candidate (an algorithm's job
/// with its hyperparameters) is trained on each training subset — the rows outside a held-out fraction, or K−1 of K
/// folds — and measured on the held-out rows. All these trainings run in lockstep (<see cref="Lockstep"/>), so each
/// pass over the data serves all of them, fused into one sweep over the rows where the steps allow it. Each training
/// gives the bits it gives alone. The best candidate by <see cref="Metric"/> is then, with <see cref="Refit"/>, trained
/// again on all rows; that model carries the whole table (<see cref="TrainingSummary.Tuning"/>, or
/// <see cref="TrainingSummary.CrossValidation"/> for a single candidate under folds). A search saves no checkpoints of
/// its own: a resumed search starts again.
/// </summary>
[MemoryPackable]
public sealed partial class SearchJob : ITrainingJob
{
    private ITrainingJob[]? _candidates;

    [MemoryPackConstructor]
    public SearchJob(
        string[] candidateTypes, byte[][] candidateBodies, Dictionary<string, string>[] parameters, double validationFraction, int folds, ulong seed, string? metric, bool refit, bool sharedPasses)
    {
        if (candidateTypes.Length == 0 || candidateTypes.Length != candidateBodies.Length || candidateTypes.Length != parameters.Length)
        {
            throw new ArgumentException("a search needs one parameter set per candidate, and at least one candidate");
        }

        if ((folds >= 2) == (validationFraction is > 0 and < 1))
        {
            throw new ArgumentException("a search measures candidates either on a held-out fraction (`ValidationFraction`, between 0 and 1) or by K-fold cross-validation (`Folds` ≥ 2), one of the two");
        }

        CandidateTypes = candidateTypes;
        CandidateBodies = candidateBodies;
        Parameters = parameters;
        ValidationFraction = validationFraction;
        Folds = folds;
        Seed = seed;
        Metric = metric;
        Refit = refit;
        SharedPasses = sharedPasses;
    }

    public SearchJob(
        IReadOnlyList<ITrainingJob> candidates, IReadOnlyList<IReadOnlyDictionary<string, string>> parameters, double validationFraction, int folds, ulong seed, string? metric, bool refit, bool sharedPasses = true)
        : this(
            NestedJobs.Encode(candidates).Types,
            NestedJobs.Encode(candidates).Bodies,
            [.. parameters.Select(p => new Dictionary<string, string>(p, StringComparer.Ordinal))],
            validationFraction,
            folds,
            seed,
            metric,
            refit,
            sharedPasses)
    {
        _candidates = [.. candidates];
    }

    public string[] CandidateTypes { get; }

    public byte[][] CandidateBodies { get; }

    /// <summary>Each candidate's hyperparameters as the user gave them, for the report.</summary>
    public Dictionary<string, string>[] Parameters { get; }

    /// <summary>The fraction held out, or 0 under folds.</summary>
    public double ValidationFraction { get; }

    /// <summary>K, or 0 under a held-out fraction.</summary>
    public int Folds { get; }

    public ulong Seed { get; }

    /// <summary>The metric to rank by; null for the model's first (accuracy, R², inertia).</summary>
    public string? Metric { get; }

    /// <summary>Train the best candidate again on all rows (the model to keep); else return it as measured.</summary>
    public bool Refit { get; }

    /// <summary>Run the trainings in lockstep, sharing passes (the point); false runs them one after another, for comparison.</summary>
    public bool SharedPasses { get; }

    [MemoryPackIgnore]
    public ITrainingJob[] Candidates => _candidates ??= NestedJobs.Decode(CandidateTypes, CandidateBodies);

    /// <summary>True for <c>shardml cv</c>: one candidate under folds, reported as cross-validation.</summary>
    [MemoryPackIgnore]
    public bool IsCrossValidation => CandidateTypes.Length == 1 && Folds >= 2;

    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        var what = IsCrossValidation ? "cross-validation" : "a search";
        NestedJobs.RequireClear(executor, what);
        var candidates = Candidates;
        var splits = Folds >= 2 ? Folds : 1;
        var runs = new LaneResult[candidates.Length * splits];
        var lockstep = SharedPasses ? new Lockstep(executor, runs.Length) : null;
        async Task<LaneResult> RunLaneAsync(int lane)
        {
            try
            {
                var (candidate, split) = (lane / splits, lane % splits);
                var on = lockstep?.Lane(lane) ?? executor;
                var (trainRows, heldRows) = Folds >= 2
                    ? (RowSubset.Fold(Seed, split, Folds, heldOut: false), RowSubset.Fold(Seed, split, Folds, heldOut: true))
                    : (RowSubset.Training(Seed, ValidationFraction), RowSubset.Validation(Seed, ValidationFraction));
                var training = await RowSubsetExecutor.CreateAsync(on, trainRows, "training split", cancellationToken);
                var outcome = await candidates[candidate].RunAsync(training, NestedJobs.Inner(context, lane == 0 && !Refit), cancellationToken);
                var model = ModelFile.FromJson(outcome.ModelJson, "a candidate's model");
                NestedJobs.RequireNotPrivate(model, what);
                var held = await RowSubsetExecutor.CreateAsync(on, heldRows, "held-out split", cancellationToken);
                var metrics = model.Metrics(await held.RunAsync(model.CreateEvaluateStep(held.Dataset.Schema), cancellationToken));
                return new LaneResult(model, metrics, training.Dataset.TotalRows, held.Dataset.TotalRows);
            }
            finally
            {
                lockstep?.Leave(lane);
            }
        }

        if (lockstep is not null)
        {
            var lanes = Enumerable.Range(0, runs.Length).Select(RunLaneAsync).ToArray();
            try
            {
                runs = await Task.WhenAll(lanes);
            }
            finally
            {
                await Task.WhenAll(lanes.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default))); // every lane has left before the views are dropped
            }
        }
        else
        {
            for (var lane = 0; lane < runs.Length; lane++)
            {
                runs[lane] = await RunLaneAsync(lane);
            }
        }

        await DropViewsAsync(executor, cancellationToken);
        var scores = new (IReadOnlyDictionary<string, double> Mean, IReadOnlyDictionary<string, double>? Deviation, double Iterations)[candidates.Length];
        for (var c = 0; c < candidates.Length; c++)
        {
            var own = runs.Skip(c * splits).Take(splits).ToArray();
            var (mean, deviation) = CrossValidationReport.Spread([.. own.Select(r => r.Metrics)]);
            scores[c] = (mean, splits > 1 ? deviation : null, own.Average(r => (double)r.Model.Summary.Iterations));
        }

        var metric = Metric ?? MetricDirection.Default(scores[0].Mean);
        if (!scores[0].Mean.ContainsKey(metric))
        {
            throw new ArgumentException($"the models report no metric `{metric}`; `Metric` is one of {string.Join(", ", scores[0].Mean.Keys.Where(k => k != "rows"))}");
        }

        // Candidates of different kinds may report different metrics (a multinomial model's log loss, which one-vs-rest
        // does not report): ranking needs the metric from every one of them.
        if (Array.FindIndex(scores, s => !s.Mean.ContainsKey(metric)) is var lacking and >= 0)
        {
            var shared = scores[0].Mean.Keys.Where(k => k != "rows" && scores.All(s => s.Mean.ContainsKey(k)));
            throw new ArgumentException(
                $"candidate {lacking + 1} ({string.Join(' ', Parameters[lacking].Select(p => $"{p.Key}={p.Value}"))}) reports no metric `{metric}`; rank by one that every candidate reports (`Metric`): {string.Join(", ", shared)}");
        }

        var higher = MetricDirection.HigherIsBetter(metric);
        var best = 0;
        for (var c = 1; c < candidates.Length; c++)
        {
            if (MetricDirection.Better(scores[c].Mean[metric], scores[best].Mean[metric], higher))
            {
                best = c;
            }
        }

        TrainedModel chosen;
        IReadOnlyDictionary<string, double> trainingMetrics;
        if (Refit)
        {
            var outcome = await candidates[best].RunAsync(executor, NestedJobs.Inner(context, reportProgress: true), cancellationToken);
            chosen = ModelFile.FromJson(outcome.ModelJson, "the refit model");
            trainingMetrics = outcome.Metrics;
        }
        else
        {
            chosen = runs[best * splits].Model;
            trainingMetrics = chosen.Summary.TrainingMetrics ?? new Dictionary<string, double>();
        }

        var summary = chosen.Summary;
        if (IsCrossValidation)
        {
            summary = summary with { CrossValidation = CrossValidationReport.Of(Folds, Seed, [.. runs.Select(r => r.Metrics)]) };
        }
        else
        {
            var table = scores.Select((s, c) => new CandidateReport(Parameters[c], s.Mean, s.Deviation, s.Iterations)).ToArray();
            summary = summary with
            {
                Tuning = new TuningReport(
                    metric, higher, Folds >= 2 ? "cross-validation" : "validation", table, best, Refit, lockstep?.Passes ?? 0, lockstep?.Requests ?? 0),
            };
        }

        if (!Refit && Folds < 2)
        {
            var run = runs[best];
            summary = summary with { Validation = new ValidationReport(ValidationFraction, Seed, run.TrainingRows, run.HeldRows, run.Metrics) };
        }

        if (!Refit)
        {
            summary = summary with { Notes = [.. summary.Notes, Folds >= 2 ? "the model is the one trained without fold 1; train on all rows with `Refit`" : "the model is the one trained on the training split; train on all rows with `Refit`"] };
        }

        chosen = chosen with { Summary = summary };
        return new JobOutcome(ModelFile.ToJson(chosen), trainingMetrics);
    }

    /// <summary>Frees the partitions' copies of every split's rows.</summary>
    private async Task DropViewsAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        var subsets = Folds >= 2
            ? Enumerable.Range(0, Folds).SelectMany(k => new[] { RowSubset.Fold(Seed, k, Folds, false), RowSubset.Fold(Seed, k, Folds, true) })
            : [RowSubset.Training(Seed, ValidationFraction), RowSubset.Validation(Seed, ValidationFraction)];
        foreach (var subset in subsets)
        {
            await Common.WorkingState.DropAsync(executor, subset.Key, cancellationToken);
        }
    }

    public DatasetOptions DataFor(DatasetOptions data) => Candidates[0].DataFor(data);

    /// <summary>Every candidate's kernels, once each (candidates of one algorithm share them; losses may differ).</summary>
    public IReadOnlyList<System.Reflection.MethodBase> Kernels() => [.. Candidates.SelectMany(c => c.Kernels()).Distinct()];

    private sealed record LaneResult(TrainedModel Model, IReadOnlyDictionary<string, double> Metrics, long TrainingRows, long HeldRows);
}
