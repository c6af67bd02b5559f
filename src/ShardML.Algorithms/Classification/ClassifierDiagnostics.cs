using ShardML.Algorithms.Models;
using ShardML.Algorithms.Models.Diagnostics;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Classification;

/// <summary>What every classifier's plots share: one evaluation pass gives the confusion matrix and, binary, the score histogram the curves come from.</summary>
internal static class ClassifierDiagnostics
{
    public static async Task<ModelDiagnostics> WithEvaluationAsync(TrainedModel model, ModelDiagnostics diagnostics, IPartitionExecutor executor, string? positiveClass, CancellationToken cancellationToken)
    {
        var evaluation = (ClassificationEvaluation)await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), cancellationToken);
        return diagnostics with
        {
            Confusion = model.Confusion(evaluation),
            Curves = positiveClass is null ? null : evaluation.Histogram?.Curves(),
            PositiveClass = positiveClass,
        };
    }
}
