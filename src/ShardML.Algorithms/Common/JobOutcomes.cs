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
        return new JobOutcome(
            ModelFile.ToJson(model),
            model.Metrics(evaluation),
            confusion is null ? null : JsonSerializer.Serialize(confusion));
    }
}
