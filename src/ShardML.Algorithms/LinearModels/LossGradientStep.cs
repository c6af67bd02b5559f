using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The loss and its gradient over every row of a partition at the broadcast coefficients: what L-BFGS and gradient
/// descent need per function evaluation, and what every solver uses for the exact objective of its final model.
/// Cost: one read of the partition, 2·m·nnz multiply-adds (see <see cref="LossGradientKernel"/>). A dense regression
/// takes the tiled kernel (<see cref="LinearGradientKernel"/>: margins of 4 rows in 8 FMA chains, the gradient loaded
/// and stored once per tile), which runs at the memory bandwidth.
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
        if (partition.RowCount == 0)
        {
            return result;
        }

        if (Loss == LossKind.Squared && !Encoding.IsClassification && partition.Dense is { } dense)
        {
            AccumulateDenseRegression(dense, partition.Labels ?? throw new InvalidOperationException("the data has no label column"), result, context.CancellationToken);
            return result;
        }

        LossGradientKernel.Accumulate(Loss, partition, Encoding.Bind(partition), Coefficients, Dimension, null, result, context.CancellationToken);
        return result;
    }

    private void AccumulateDenseRegression(DenseMatrix dense, float[] labels, LossGradient into, CancellationToken cancellationToken)
    {
        var weights = Coefficients.AsSpan(0, Dimension);
        var intercept = Coefficients[Dimension];
        var gradient = into.Gradient.AsSpan(0, Dimension);
        double derivativeSum = 0, lossSum = 0;
        // Blocks of rows only to honour cancellation promptly; the kernel streams each block once.
        const int block = 16 * 1024;
        for (var start = 0; start < dense.Rows; start += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(block, dense.Rows - start);
            LinearGradientKernel.Accumulate<SquaredLoss>(
                dense.AllRows.Slice(start * dense.Columns, count * dense.Columns), labels.AsSpan(start, count), weights, intercept, gradient, ref derivativeSum, ref lossSum);
        }

        into.Gradient[Dimension] += derivativeSum;
        into.Losses[0] += lossSum;
        into.Count += dense.Rows;
    }
}
