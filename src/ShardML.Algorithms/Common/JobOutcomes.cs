using System.Globalization;
using System.Text.Json;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>What every job does after training: measure the model on its training data and write it as JSON.</summary>
public static class JobOutcomes
{
    public static async Task<JobOutcome> EvaluateAsync(IPartitionExecutor executor, TrainedModel model, CancellationToken cancellationToken)
    {
        var evaluation = await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), cancellationToken);
        var confusion = model.Confusion(evaluation);
        var metrics = model.Metrics(evaluation);
        model = model with { Summary = model.Summary with { Notes = [.. DataNotes(executor.Dataset), .. model.Summary.Notes], TrainingMetrics = metrics } };
        return new JobOutcome(
            ModelFile.ToJson(model),
            metrics,
            confusion is null ? null : JsonSerializer.Serialize(confusion));
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
