using System.Globalization;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Lloyd iterations for several starts side by side (<see cref="KMeansOptions.InitializationCount"/>): every pass is one
/// <see cref="MultiStartLloydStep"/> over the starts that have not converged yet, so R starts read the data as often as
/// the slowest of them alone would. When all have converged (or the iterations run out), one more pass measures every
/// start's inertia at its final centers and the lowest wins (the first of equals). scikit-learn runs its
/// <c>n_init</c> starts one after another, each with its own passes.
/// </summary>
internal static class MultiStartLloyd
{
    public static async Task<KMeansTrainingState> RunAsync(
        IPartitionExecutor executor,
        KMeansOptions options,
        CenterSet[] starts,
        int initializationPasses,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var k = options.NumberOfClusters;
        var d = starts[0].Dimension;
        var count = starts.Length;
        var centers = starts.Select(s => s.Values).ToArray();
        var converged = new bool[count];
        var histories = Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray();
        var iteration = 0;
        while (iteration < options.MaximumIterations && Array.IndexOf(converged, false) >= 0)
        {
            iteration++;
            var active = Enumerable.Range(0, count).Where(s => !converged[s]).ToArray();
            var summary = await executor.RunAsync(new MultiStartLloydStep(Concatenate(centers, active, k * d), active.Length, k, d), cancellationToken);
            var lowest = double.PositiveInfinity;
            for (var a = 0; a < active.Length; a++)
            {
                var s = active[a];
                histories[s].Add(summary.Inertias[a]);
                lowest = Math.Min(lowest, summary.Inertias[a]);
                var move = MoveToMeans(centers[s], summary.Sums.AsSpan(a * k * d, k * d), summary.Counts.AsSpan(a * k, k), d);
                converged[s] = options.HasConverged(move);
            }

            progress?.Report(new TrainingProgress("iteration", iteration, options.MaximumIterations, lowest));
        }

        var all = Enumerable.Range(0, count).ToArray();
        var final = await executor.RunAsync(new MultiStartLloydStep(Concatenate(centers, all, k * d), count, k, d), cancellationToken);
        var chosen = 0;
        for (var s = 1; s < count; s++)
        {
            if (final.Inertias[s] < final.Inertias[chosen])
            {
                chosen = s;
            }
        }

        // A start that kept an empty cluster has not really converged: the single-start iterations re-seed it.
        var empty = final.Counts.AsSpan(chosen * k, k).Contains(0);
        var worst = final.Inertias.Max();
        var note = string.Create(
            CultureInfo.InvariantCulture,
            $"{count} starts iterated together for {iteration} iteration(s); kept start {chosen + 1} (inertia {final.Inertias[chosen]:G6}; the worst start ended at {worst:G6})");
        return new KMeansTrainingState(centers[chosen], iteration, converged[chosen] && !empty, [.. histories[chosen]], [note], initializationPasses);
    }

    /// <summary>The centers of <paramref name="starts"/>, one after another.</summary>
    private static float[] Concatenate(float[][] centers, int[] starts, int length)
    {
        var values = new float[starts.Length * length];
        for (var a = 0; a < starts.Length; a++)
        {
            centers[starts[a]].CopyTo(values, a * length);
        }

        return values;
    }

    /// <summary>Moves each center with rows to their mean, in place (an empty cluster keeps its center); returns how far they moved.</summary>
    private static CenterMove MoveToMeans(float[] centers, ReadOnlySpan<double> sums, ReadOnlySpan<long> counts, int d)
    {
        var move = default(CenterMove);
        Span<float> previous = d <= 1024 ? stackalloc float[d] : new float[d];
        for (var j = 0; j < counts.Length; j++)
        {
            if (counts[j] == 0)
            {
                continue;
            }

            var center = centers.AsSpan(j * d, d);
            center.CopyTo(previous);
            for (var f = 0; f < d; f++)
            {
                center[f] = (float)(sums[(j * d) + f] / counts[j]);
            }

            move = move.With(Core.Numerics.DistanceKernels.SquaredDistance(center, previous));
        }

        return move;
    }
}
