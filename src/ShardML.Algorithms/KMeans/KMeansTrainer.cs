using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Distributed K-means, the pattern of Spark MLlib's <c>KMeans.runAlgorithm</c>: broadcast the centers, one
/// <see cref="LloydStep"/> per partition returns per-cluster sums and counts, merge, move each center to its
/// cluster's mean, stop when no center moves more than the tolerance. An empty cluster is re-seeded at the
/// farthest row not already used, a deterministic choice — except under secure aggregation, where rows never reach
/// the driver and an empty cluster keeps its center.
/// </summary>
public sealed partial class KMeansTrainer(ILogger<KMeansTrainer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<KMeansTrainer>.Instance;

    /// <summary>Trains with the common parameters.</summary>
    public Task<KMeansModel> TrainAsync(IPartitionExecutor executor, int numberOfClusters, ulong seed, CancellationToken cancellationToken) =>
        TrainAsync(executor, new KMeansOptions { NumberOfClusters = numberOfClusters, Seed = seed }, null, cancellationToken);

    public Task<KMeansModel> TrainAsync(
        IPartitionExecutor executor,
        KMeansOptions options,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken) =>
        TrainAsync(executor, options, progress, TrainerCheckpoints.None, cancellationToken);

    /// <summary>
    /// Trains, saving a checkpoint after initialization and every due iteration, and resuming from
    /// <paramref name="checkpoints"/>' state when it has one: the result has the bits of an undisturbed run.
    /// </summary>
    public async Task<KMeansModel> TrainAsync(
        IPartitionExecutor executor,
        KMeansOptions options,
        IProgress<TrainingProgress>? progress,
        TrainerCheckpoints checkpoints,
        CancellationToken cancellationToken)
    {
        var dataset = executor.Dataset;
        var dimension = dataset.Schema.FeatureCount;
        if (options.Validate(dimension, dataset.TotalRows) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (options.Privacy is not null)
        {
            if (dataset.Schema.Pipeline?.IsLearned == true)
            {
                // Vocabularies and fill values learned from the rows would be released with the model, without noise.
                throw new ArgumentException("a private model cannot read its data through preprocessing learned from its rows (text columns, fill values); encode them beforehand or use `Missing` drop");
            }

            return await new DpLloyd(_logger).TrainAsync(executor, options, progress, checkpoints, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var k = options.NumberOfClusters;
        var state = checkpoints.Restore<KMeansTrainingState>();
        if (state is null)
        {
            progress?.Report(new TrainingProgress("initialization", 0, options.MaximumIterations, double.NaN));
            var (starts, initPasses) = await KMeansInitializer.InitializeStartsAsync(executor, options, cancellationToken);
            LogInitialized(_logger, options.Initialization, k, initPasses);

            // Several starts iterate together until the best is known; from there on it is one start's run. Their
            // shared iterations are not checkpointed: a job resumed before the choice makes it again, to the same bits.
            state = starts.Length == 1
                ? new KMeansTrainingState(starts[0].Values, 0, false, [], [], initPasses)
                : await MultiStartLloyd.RunAsync(executor, options, starts, initPasses, progress, cancellationToken);
            if (checkpoints.IsBoundaryDue)
            {
                await checkpoints.SaveAsync(state.Iteration, state, cancellationToken);
            }
        }
        else if (state.Centers.Length != k * dimension)
        {
            throw new InvalidOperationException($"the checkpoint holds {state.Centers.Length} center values, not the {k} × {dimension} of this job");
        }

        var jobKey = "kmeans/" + Guid.NewGuid().ToString("N"); // the bounded steps' working state on the partitions
        var farthest = executor.Privacy == AggregationPrivacy.TotalsOnly ? 0 : k; // rows for re-seeding must not travel
        var centers = new CenterSet(state.Centers, k, dimension);
        var history = new List<double>(state.LossHistory);
        var notes = new List<string>(state.Notes);
        var algorithms = new List<KMeansAlgorithm>(state.Algorithms ?? Enumerable.Repeat(KMeansAlgorithm.Lloyd, state.Iteration));
        var converged = state.Converged;
        var iteration = state.Iteration;
        var lastMove = state.LastMove;
        var bounds = new KMeansBoundsRun(jobKey);
        while (!converged && iteration < options.MaximumIterations)
        {
            iteration++;
            var algorithm = KMeansIterationPolicy.Choose(options.Algorithm, algorithms.Count > 0 ? algorithms[^1] : null, lastMove, centers, dataset.TotalRows);
            if (bounds.Algorithm is { } running && running != algorithm)
            {
                // A switch starts the new algorithm's bounds afresh; the old ones are freed now, not at the end.
                await DropStateAsync(executor, bounds.Key!, cancellationToken);
                bounds = bounds.Ended();
            }

            if (algorithm != KMeansAlgorithm.Lloyd && bounds.Algorithm is null)
            {
                bounds = bounds.Started(algorithm, centers, options.Seed);
            }

            IPartitionStep<LloydSummary> step = algorithm switch
            {
                KMeansAlgorithm.Bounded => new BoundedLloydStep(centers.Values, k, dimension, farthest, bounds.Key!),
                KMeansAlgorithm.Yinyang => new YinyangStep(centers.Values, k, dimension, farthest, bounds.Key!, bounds.Groups!),
                _ => new LloydStep(centers.Values, k, dimension, farthest),
            };
            var summary = await executor.RunAsync(step, cancellationToken);
            history.Add(summary.Inertia);
            algorithms.Add(algorithm);
            var (next, move, reseeded) = Update(centers, summary);
            if (reseeded > 0)
            {
                notes.Add($"iteration {iteration}: re-seeded {reseeded} empty cluster(s) at the farthest rows");
            }

            centers = next;
            lastMove = move.Largest;
            converged = options.HasConverged(move) && reseeded == 0;
            progress?.Report(new TrainingProgress("iteration", iteration, options.MaximumIterations, summary.Inertia));
            LogIteration(_logger, iteration, algorithm, summary.Inertia, move.Largest, summary.SearchedRows);
            if (checkpoints.IsDue(iteration))
            {
                var saved = new KMeansTrainingState(
                    centers.Values, iteration, converged, [.. history], [.. notes], state.InitializationPasses, [.. algorithms], lastMove);
                await checkpoints.SaveAsync(iteration, saved, cancellationToken);
            }
        }

        // One more pass so the reported inertia and cluster sizes belong to the centers returned: Hamerly's bounds still
        // hold, so it searches few rows, and it sums the rows' distances as Lloyd's pass does, to the same bits.
        IPartitionStep<LloydSummary> last = bounds.Algorithm == KMeansAlgorithm.Bounded
            ? new BoundedLloydStep(centers.Values, k, dimension, 0, bounds.Key!) { LloydInertia = true }
            : new LloydStep(centers.Values, k, dimension, 0);
        var final = await executor.RunAsync(last, cancellationToken);
        if (bounds.Key is not null)
        {
            await DropStateAsync(executor, bounds.Key, cancellationToken);
        }

        progress?.Report(new TrainingProgress("finalization", iteration, options.MaximumIterations, final.Inertia));
        var trainingSummary = new TrainingSummary(
            iteration, converged, [.. history], final.Inertia, dataset.TotalRows, dataset.PartitionCount, clock.Elapsed.TotalSeconds, [.. notes])
        {
            IterationMethods = [.. algorithms.Select(KMeansIterationPolicy.Name)],
        };
        return new KMeansModel
        {
            FeatureNames = dataset.Schema.FeatureNames,
            Preprocessing = dataset.Schema.Pipeline,
            LabelName = dataset.Schema.LabelName,
            LabelIsClass = dataset.Schema.CategoricalLabel,
            Centers = centers.ToRows(),
            ClusterSizes = final.Counts,
            Hyperparameters = options with { InitialCenters = null },
            Summary = trainingSummary,
        };
    }

    /// <summary>Moves each center to its cluster's mean; returns how far they moved and how many clusters were re-seeded.</summary>
    private static (CenterSet Next, CenterMove Move, int Reseeded) Update(CenterSet centers, LloydSummary summary)
    {
        var k = centers.Count;
        var d = centers.Dimension;
        var values = new float[k * d];
        var move = default(CenterMove);
        var reseeded = 0;
        var nextFarthest = 0;
        for (var j = 0; j < k; j++)
        {
            var target = values.AsSpan(j * d, d);
            if (summary.Counts[j] > 0)
            {
                for (var f = 0; f < d; f++)
                {
                    target[f] = (float)(summary.Sums[(j * d) + f] / summary.Counts[j]);
                }
            }
            else if (nextFarthest < summary.Farthest.Rows.Count)
            {
                summary.Farthest.Rows[nextFarthest++].CopyTo(target);
                reseeded++;
            }
            else
            {
                centers.Center(j).CopyTo(target);
            }

            move = move.With(Core.Numerics.DistanceKernels.SquaredDistance(target, centers.Center(j)));
        }

        return (new CenterSet(values, k, d), move, reseeded);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "K-means initialized by {Method} with k = {K} in {Passes} passes")]
    private static partial void LogInitialized(ILogger logger, KMeansInitialization method, int k, int passes);

    /// <summary>Frees the bounded step's state on every partition, best effort (<see cref="WorkingState"/>).</summary>
    private async Task DropStateAsync(IPartitionExecutor executor, string key, CancellationToken cancellationToken)
    {
        var (_, failure) = await WorkingState.DropAsync(executor, key, cancellationToken);
        if (failure is not null)
        {
            LogDropFailed(_logger, failure, key);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "K-means iteration {Iteration} ({Algorithm}): inertia {Inertia:G10}, largest center move {Shift:G4}, rows searched {Searched}")]
    private static partial void LogIteration(ILogger logger, int iteration, KMeansAlgorithm algorithm, double inertia, double shift, long searched);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not free the K-means bounds under {Key} on every partition; they go with the dataset")]
    private static partial void LogDropFailed(ILogger logger, Exception exception, string key);
}
