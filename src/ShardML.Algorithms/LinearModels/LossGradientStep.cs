using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The loss and its gradient over every row of a partition at the broadcast coefficients: what L-BFGS needs per
/// function evaluation, and what every solver uses for the exact objective of its final model. Cost: one read of
/// the partition, 2·m·nnz multiply-adds (see <see cref="LossGradientKernel"/>).
/// </summary>
/// <param name="Coefficients">m × (d + 1) on raw features: per output, d weights then the intercept.</param>
/// <param name="Dimension">d.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Encoding">How labels become the outputs' targets.</param>
[MemoryPackable]
public sealed partial record LossGradientStep(double[] Coefficients, int Dimension, LossKind Loss, LabelEncoding Encoding) : IPartitionStep<LossGradient>
{
    public LossGradient Run(Partition partition, StepContext context)
    {
        var result = new LossGradient(Encoding.Outputs, Dimension);
        if (partition.RowCount > 0)
        {
            LossGradientKernel.Accumulate(Loss, partition, Encoding.Bind(partition), Coefficients, Dimension, null, result, context.CancellationToken);
        }

        return result;
    }
}
