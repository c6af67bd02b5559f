using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// Trains Gaussian naive Bayes (the model of <see cref="GaussianNaiveBayesOptions"/>) in two distributed passes: the
/// classes (<see cref="ClassDiscovery"/>), then every class's moments (<see cref="ClassMomentsStep"/>); the driver turns
/// them into priors, means and smoothed variances, as scikit-learn's GaussianNB does (Chan, Golub &amp; LeVeque's merge
/// in place of its partial_fit update). A third pass measures the training log loss, the model's objective.
/// Nothing iterates, so nothing is checkpointed: a resumed job runs the passes again and gets the same bits.
/// </summary>
public sealed partial class GaussianNaiveBayesTrainer(ILogger<GaussianNaiveBayesTrainer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<GaussianNaiveBayesTrainer>.Instance;

    public async Task<GaussianNaiveBayesModel> TrainAsync(
        IPartitionExecutor executor, GaussianNaiveBayesOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var dataset = executor.Dataset;
        var schema = dataset.Schema;
        if (!schema.HasLabel || !schema.CategoricalLabel)
        {
            throw new ArgumentException("naive Bayes needs the label read as class names: load the dataset with DatasetOptions.CategoricalLabel = true", nameof(executor));
        }

        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var clock = Stopwatch.StartNew();
        progress?.Report(new TrainingProgress("initialization", 0, 1, double.NaN));
        var encoding = await ClassDiscovery.DiscoverAsync(executor, binary: false, positiveClass: null, options.MaximumClasses, cancellationToken);
        var k = encoding.Classes!.Length;
        var d = schema.FeatureCount;
        var moments = await executor.RunAsync(new ClassMomentsStep(d, encoding), cancellationToken);

        // ε comes from the variance of each feature over all rows: the classes' moments merged.
        var all = new Common.FeatureStatistics(0, new double[d], new double[d]);
        foreach (var statistics in moments.PerClass)
        {
            all = all.Merge(new Common.FeatureStatistics(statistics.Count, (double[])statistics.Mean.Clone(), (double[])statistics.M2.Clone()));
        }

        var largest = 0.0;
        for (var j = 0; j < d; j++)
        {
            largest = Math.Max(largest, all.M2[j] / all.Count);
        }

        var epsilon = options.VarianceSmoothing * largest;
        var counts = moments.PerClass.Select(s => s.Count).ToArray();
        var empty = Array.FindIndex(counts, c => c == 0);
        if (empty >= 0)
        {
            // Only a declared class can have no rows; a Gaussian needs some to have a mean and a variance.
            throw new ArgumentException($"class '{InputExcerpt.Of(encoding.Classes[empty])}' is declared (`Classes`) but no row has it; naive Bayes needs rows of every class", nameof(executor));
        }

        var means = moments.PerClass.Select(s => s.Mean).ToArray();
        var variances = new double[k][];
        for (var c = 0; c < k; c++)
        {
            variances[c] = new double[d];
            for (var j = 0; j < d; j++)
            {
                variances[c][j] = (moments.PerClass[c].M2[j] / counts[c]) + epsilon;
            }

            if (Array.Exists(variances[c], v => !(v > 0)))
            {
                throw new ArgumentException(
                    $"a feature is constant over every row, so its variance is 0 even after smoothing; drop it or set `VarianceSmoothing` > 0 with a non-constant feature", nameof(options));
            }
        }

        var model = new GaussianNaiveBayesModel
        {
            FeatureNames = schema.FeatureNames,
            Preprocessing = schema.Pipeline,
            LabelName = schema.LabelName,
            Classes = encoding.Classes,
            PositiveClass = encoding.IsBinary ? encoding.PositiveClass : -1,
            ClassCounts = counts,
            ClassPriors = [.. counts.Select(c => (double)c / dataset.TotalRows)],
            Means = means,
            Variances = variances,
            Hyperparameters = options,
            Summary = new TrainingSummary(1, true, [], double.NaN, dataset.TotalRows, dataset.PartitionCount, null, []),
        };

        var evaluation = (ClassificationEvaluation)await executor.RunAsync(model.CreateEvaluateStep(schema), cancellationToken);
        var logLoss = evaluation.LogLossSum / evaluation.Matrix.Total;
        progress?.Report(new TrainingProgress("iteration", 1, 1, logLoss));
        LogTrained(_logger, k, d, logLoss);
        return model with { Summary = model.Summary with { LossHistory = [logLoss], FinalLoss = logLoss, Seconds = clock.Elapsed.TotalSeconds } };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gaussian naive Bayes: {Classes} classes over {Features} features, training log loss {LogLoss:G6}")]
    private static partial void LogTrained(ILogger logger, int classes, int features, double logLoss);
}
