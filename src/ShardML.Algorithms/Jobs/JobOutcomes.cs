using System.Text.Json;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Jobs;

/// <summary>What every job does after training: measure the model on its training data and write it as JSON.</summary>
internal static class JobOutcomes
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

    /// <summary>The trainers' progress as the runner's.</summary>
    public static IProgress<TrainingProgress>? Progress(JobContext context) =>
        context.Progress is { } sink ? new Relay(sink) : null;

    private sealed class Relay(IProgress<JobProgress> sink) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => sink.Report(new JobProgress(value.Phase, value.Iteration, value.MaximumIterations, value.Loss));
    }
}
