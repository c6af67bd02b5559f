using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.Models;

namespace ShardML;

/// <summary>Hyperparameter search in the library: the candidates of <c>shardml tune</c>, named by the caller.</summary>
public static class Tuning
{
    /// <summary>
    /// Trains every candidate on <paramref name="data"/>, loaded once, in one job whose passes serve all of them (the
    /// loss gradients of linear models fused into one sweep over the rows), measures each on held-out rows, and returns
    /// the best — trained again on all rows unless <see cref="TuningOptions.Refit"/> is false — whose
    /// <c>Summary.Tuning</c> holds the whole table. Candidates must be trainers of one context, reading the data alike.
    /// </summary>
    public static Task<TModel> TuneAsync<TModel>(
        IReadOnlyDictionary<string, Trainer<TModel>> candidates, DataSource data, TuningOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : TrainedModel
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("no candidate to tune", nameof(candidates));
        }

        options ??= new TuningOptions();
        var host = candidates.Values.First().Host;
        var names = candidates.Keys.Select(k => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["candidate"] = k }).ToList();
        var search = new SearchJob(
            [.. candidates.Values.Select(t => t.Job)], names, options.Folds >= 2 ? 0 : options.ValidationFraction, options.Folds, host.Seed, options.Metric, options.Refit);
        return new Trainer<TModel>(host, search).TrainAsync(data, null, cancellationToken);
    }
}
