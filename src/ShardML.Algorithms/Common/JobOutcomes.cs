using System.Globalization;
using System.Text.Json;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>What every job does after training: measure the model on its training data and write it as JSON.</summary>
public static class JobOutcomes
{
    public static async Task<JobOutcome> EvaluateAsync(IPartitionExecutor executor, TrainedModel model, CancellationToken cancellationToken) =>
        Of(executor, model, await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), cancellationToken));

    /// <summary>The outcome with <paramref name="evaluation"/> on the training rows, when training already measured what evaluating would.</summary>
    public static JobOutcome Of(IPartitionExecutor executor, TrainedModel model, ISummary evaluation)
    {
        var confusion = model.Confusion(evaluation);
        var metrics = model.Metrics(evaluation);
        model = model with { Summary = model.Summary with { Notes = [.. DataNotes(executor.Dataset), .. model.Summary.Notes, .. UndefinedMetrics(metrics)], TrainingMetrics = metrics } };
        return new JobOutcome(
            ModelFile.ToJson(model),
            metrics,
            confusion is null ? null : JsonSerializer.Serialize(confusion));
    }

    /// <summary>
    /// A note for each metric that is not a number, so it is never reported silently. The weights are finite (a model
    /// that is not has failed already, <see cref="Core.Execution.TrainingDivergedException"/>), so such a metric is
    /// undefined on these rows rather than wrong: R² divides by the labels' variance, which is 0 for one row.
    /// </summary>
    public static IEnumerable<string> UndefinedMetrics(IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            if (double.IsFinite(value))
            {
                continue;
            }

            // Short: it joins the report's table on stderr, which tools and tests expect to stay compact.
            yield return name == "r2"
                ? "r2 undefined: labels without variance"
                : $"{name} is {value.ToString(CultureInfo.InvariantCulture)} on the training rows";
        }
    }

    /// <summary>What loading the data did that the user should know: what learning its preprocessing decided, and the rows dropped.</summary>
    public static IEnumerable<string> DataNotes(LoadedDataset dataset)
    {
        foreach (var note in dataset.Schema.Pipeline?.Notes ?? [])
        {
            yield return note;
        }

        if (dataset.DroppedRows > 0)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture, $"dropped {dataset.DroppedRows:N0} of {dataset.DroppedRows + dataset.TotalRows:N0} rows for a missing value (`Missing` = drop)");
        }
    }
}
