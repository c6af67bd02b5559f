using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Privacy;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Differentially private K-means, DPLloyd (Blum, Dwork, McSherry &amp; Nissim 2005, as evaluated by Su et al.,
/// "Differentially Private k-Means Clustering", CODASPY 2016): T Lloyd iterations fixed up front, each releasing the
/// clusters' sums and counts with Laplace noise, ε/T per iteration, pure ε-DP by basic composition. Rows are clamped into
/// public bounds (<see cref="PrivateLloydStep"/>), so one row changes the sums by at most Δ = Σⱼ max(|lowerⱼ|, |upperⱼ|)
/// in L1 and the counts by 1. An iteration's share is split between counts and sums as ε_count = ε_T/(1 + ∛(4d)) and
/// ε_sum the rest: the d coordinates of the sums get the larger share as d grows, our choice in the spirit of Su et al.'s
/// analysis. A center is its noisy sum over its noisy count, clamped into the bounds; a cluster whose noisy count is
/// below 1 keeps its center. The start reveals no row: given centers, or random ones in the bounds. The shares are
/// summed and checked against ε before training; the model's cluster sizes are the last noisy counts. No loss or metric
/// is computed on the data. Cost: T passes of k·d per row.
/// </summary>
internal sealed partial class DpLloyd(ILogger logger)
{
    public async Task<KMeansModel> TrainAsync(
        IPartitionExecutor executor, KMeansOptions options, IProgress<TrainingProgress>? progress, TrainerCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var privacy = options.Privacy!;
        var schema = executor.Dataset.Schema;
        var d = schema.FeatureCount;
        var k = options.NumberOfClusters;
        var (lower, upper) = privacy.Bounds!.For(schema.FeatureNames);
        var iterations = options.MaximumIterations;
        var perIteration = privacy.Epsilon / iterations;
        var countShare = perIteration / (1 + Math.Cbrt(4.0 * d));
        var sumShare = perIteration - countShare;
        var spent = iterations * (countShare + sumShare);
        if (!(spent <= privacy.Epsilon * (1 + 1e-12)))
        {
            throw new InvalidOperationException($"the iterations' shares add up to ε = {spent:R}, more than the promised {privacy.Epsilon:R}");
        }

        var sensitivity = lower.Zip(upper, (l, u) => Math.Max(Math.Abs(l), Math.Abs(u))).Sum();
        var noise = new NoiseSource(privacy.TestSeed);
        var state = checkpoints.Restore<KMeansTrainingState>();
        var centers = state?.Centers ?? Start(options, lower, upper);
        var iteration = state?.Iteration ?? 0;
        var counts = new double[k];
        var sums = new double[k * d];
        while (iteration < iterations)
        {
            iteration++;
            var summary = await executor.RunAsync(new PrivateLloydStep(centers, k, lower, upper), cancellationToken);
            noise.Laplace(counts, 1 / countShare, 2L * iteration);
            noise.Laplace(sums, sensitivity / sumShare, (2L * iteration) + 1);
            var next = (float[])centers.Clone();
            for (var c = 0; c < k; c++)
            {
                counts[c] += summary.Counts[c];
                if (counts[c] < 1)
                {
                    continue;
                }

                for (var j = 0; j < d; j++)
                {
                    next[(c * d) + j] = (float)Math.Clamp((summary.Sums[(c * d) + j] + sums[(c * d) + j]) / counts[c], lower[j], upper[j]);
                }
            }

            centers = next;
            progress?.Report(new TrainingProgress("iteration", iteration, iterations, double.NaN));
            if (checkpoints.IsDue(iteration))
            {
                await checkpoints.SaveAsync(iteration, new KMeansTrainingState(centers, iteration, false, [], [], 0), cancellationToken);
            }
        }

        LogSpent(logger, privacy.Epsilon, iterations);
        List<string> notes = ["no loss or metric is computed on the training rows of a private model: it would be a release the budget does not cover; evaluate on held-out rows"];
        if (privacy.TestSeed is not null)
        {
            notes.Add("the noise came from a test seed (`TestSeed`): anyone who knows it can remove the noise, so this model protects no row");
        }

        var rows = executor.Dataset.TotalRows;
        return new KMeansModel
        {
            FeatureNames = schema.FeatureNames,
            LabelName = schema.LabelName,
            LabelIsClass = schema.CategoricalLabel,
            Centers = [.. Enumerable.Range(0, k).Select(c => centers.AsSpan(c * d, d).ToArray())],
            ClusterSizes = [.. counts.Select(c => (long)Math.Max(0, Math.Round(c)))],
            Hyperparameters = options,
            Summary = new TrainingSummary(iterations, false, [], double.NaN, rows, executor.Dataset.PartitionCount, null, [.. notes])
            {
                Privacy = new PrivacyReport(
                    "dp-lloyd", spent, 0, null, null, null, null, null, iterations,
                    [$"{iterations} iterations of ε = {perIteration:G4}: counts ε = {countShare:G4} (Laplace, sensitivity 1), sums ε = {sumShare:G4} (Laplace, L1 sensitivity {sensitivity:G4})"],
                    privacy.TestSeed is not null),
            },
        };
    }

    /// <summary>The start: given centers, or k uniform points in the bounds from the options' seed — no row is read.</summary>
    private static float[] Start(KMeansOptions options, double[] lower, double[] upper)
    {
        var d = lower.Length;
        if (options.Initialization == KMeansInitialization.Given)
        {
            return [.. options.InitialCenters!.SelectMany(c => c)];
        }

        var centers = new float[options.NumberOfClusters * d];
        for (var i = 0; i < centers.Length; i++)
        {
            var j = i % d;
            centers[i] = (float)(lower[j] + ((upper[j] - lower[j]) * Core.Numerics.CounterRandom.NextDouble(options.Seed, 0xD9_11_0D, (ulong)i)));
        }

        return centers;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DP-Lloyd spent ε = {Epsilon:G4} over {Iterations} iterations")]
    private static partial void LogSpent(ILogger logger, double epsilon, int iterations);
}
