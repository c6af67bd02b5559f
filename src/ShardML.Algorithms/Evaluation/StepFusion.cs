using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// One pass for several candidates' steps, whose summary is a <see cref="MultiSummary"/> with a part per step: fused
/// into a single sweep over each partition's rows where the steps have a multi-candidate form (the loss gradient of
/// L-BFGS and gradient descent at C weight vectors, <see cref="MultiLossGradientStep"/>), else run side by side on the
/// warm partition (<see cref="MultiStep"/>). Steps that all run on the same row subset are fused inside it.
/// </summary>
public static class StepFusion
{
    public static IPartitionStep<ISummary> Fuse(IPartitionStep[] steps)
    {
        if (steps[0] is SubsetStep first
            && steps.All(s => s is SubsetStep other && other.Rows == first.Rows && other.FirstRows.AsSpan().SequenceEqual(first.FirstRows)))
        {
            return new SubsetStep(first.Rows, first.FirstRows, Fuse([.. steps.Select(s => ((SubsetStep)s).Inner)]));
        }

        return MultiLossGradientStep.TryFuse(steps) ?? (IPartitionStep<ISummary>)new MultiStep(steps);
    }
}
