using MemoryPack;
using ShardML.Algorithms.Evaluation;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The loss and gradient of C candidates (<see cref="LossGradientStep"/>s on the same data, loss and labels, at C
/// weight vectors — e.g. L-BFGS for C values of λ) in one sweep over a partition's rows: the rows are taken in blocks
/// small enough to stay in L1/L2 (<see cref="BlockRows"/>), and each candidate's gradient is accumulated over the block
/// before the next block is read, so the partition streams from memory once instead of C times. Each candidate's sums
/// are taken over the same rows in the same order with the same kernel as its step alone (the dense regression
/// kernel's tiles of 4 rows never straddle a block, whose length is a multiple of 4), so its part is bit-identical to
/// the step's own summary. Multinomial candidates fuse too, with each other only (the encoding, softmax or not, is part
/// of what must match): the kernel's softmax branch sums per row, so a block-by-block sweep gives the same bits.
/// </summary>
/// <param name="Steps">The candidates' steps, in lane order.</param>
[MemoryPackable]
public sealed partial record MultiLossGradientStep(LossGradientStep[] Steps) : IPartitionStep<MultiSummary>
{
    /// <summary>Rows per block: 256 rows of 64 floats are 64 KB, warm in L2 while C candidates read them; the logistic kernels' alignment.</summary>
    public const int BlockRows = LossGradientKernel.LogisticBlockAlignment;

    /// <summary>The fused step when every step is a <see cref="LossGradientStep"/> of one shape, loss and encoding; else null.</summary>
    public static MultiLossGradientStep? TryFuse(IReadOnlyList<IPartitionStep> steps)
    {
        if (steps.Count < 2 || steps[0] is not LossGradientStep first)
        {
            return null;
        }

        var fused = new LossGradientStep[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not LossGradientStep step || step.Dimension != first.Dimension || step.Loss != first.Loss
                || step.Coefficients.Length != first.Coefficients.Length || !SameEncoding(step.Encoding, first.Encoding))
            {
                return null;
            }

            fused[i] = step;
        }

        return new MultiLossGradientStep(fused);
    }

    public MultiSummary Run(Partition partition, StepContext context)
    {
        var first = Steps[0];
        var results = new LossGradient[Steps.Length];
        for (var j = 0; j < Steps.Length; j++)
        {
            results[j] = new LossGradient(first.Encoding.Outputs, first.Dimension);
        }

        if (partition.RowCount > 0)
        {
            if (first.Loss == LossKind.Squared && !first.Encoding.IsClassification && partition.Dense is { } dense)
            {
                DenseRegression(dense, partition.Labels ?? throw new InvalidOperationException("the data has no label column"), results, context.CancellationToken);
            }
            else
            {
                General(partition, results, context.CancellationToken);
            }
        }

        return new MultiSummary([.. results]);
    }

    private void DenseRegression(DenseMatrix dense, float[] labels, LossGradient[] into, CancellationToken cancellationToken)
    {
        var d = Steps[0].Dimension;
        var derivativeSums = new double[Steps.Length];
        var lossSums = new double[Steps.Length];
        for (var start = 0; start < dense.Rows; start += BlockRows)
        {
            if ((start & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var count = Math.Min(BlockRows, dense.Rows - start);
            var rows = dense.AllRows.Slice(start * d, count * d);
            var y = labels.AsSpan(start, count);
            for (var j = 0; j < Steps.Length; j++)
            {
                var coefficients = Steps[j].Coefficients;
                LinearGradientKernel.Accumulate<SquaredLoss>(
                    rows, y, coefficients.AsSpan(0, d), coefficients[d], into[j].Gradient.AsSpan(0, d), ref derivativeSums[j], ref lossSums[j]);
            }
        }

        for (var j = 0; j < Steps.Length; j++)
        {
            into[j].Gradient[d] += derivativeSums[j];
            into[j].Losses[0] += lossSums[j];
            into[j].Count += dense.Rows;
        }
    }

    private void General(Partition partition, LossGradient[] into, CancellationToken cancellationToken)
    {
        var first = Steps[0];
        var labels = first.Encoding.Bind(partition);
        if (first.Loss == LossKind.Logistic && !labels.Multinomial)
        {
            // Runs of BlockRows rows, a multiple of the logistic kernels' blocks: each candidate's sums are its step's.
            for (var start = 0; start < partition.RowCount; start += BlockRows)
            {
                var count = Math.Min(BlockRows, partition.RowCount - start);
                for (var j = 0; j < Steps.Length; j++)
                {
                    LossGradientKernel.AccumulateLogistic(partition, labels, Steps[j].Coefficients, first.Dimension, start, count, into[j], cancellationToken);
                }
            }

            return;
        }

        var block = new int[BlockRows];
        var scores = new double[first.Encoding.Outputs]; // a multinomial model's per-row scores, once per pass
        for (var start = 0; start < partition.RowCount; start += BlockRows)
        {
            var count = Math.Min(BlockRows, partition.RowCount - start);
            if (count != block.Length)
            {
                block = new int[count]; // the last block only
            }

            for (var i = 0; i < count; i++)
            {
                block[i] = start + i;
            }

            for (var j = 0; j < Steps.Length; j++)
            {
                LossGradientKernel.Accumulate(first.Loss, partition, labels, Steps[j].Coefficients, first.Dimension, block, into[j], cancellationToken, scores);
            }
        }
    }

    private static bool SameEncoding(Classification.LabelEncoding a, Classification.LabelEncoding b) =>
        a.PositiveClass == b.PositiveClass && a.Multinomial == b.Multinomial
        && (a.Classes is null ? b.Classes is null : b.Classes is not null && a.Classes.AsSpan().SequenceEqual(b.Classes));
}
