using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The loss and gradient over this partition's share of one SGD mini-batch: <c>BatchSizes[p]</c> distinct rows
/// sampled by <see cref="MiniBatchSampler"/> from (seed, step, partition index), so a fixed seed gives the same
/// batches on any node, in any order, after any reload. Cost: O(b_p · m · nnz) plus O(b_p log b_p) to sample.
/// </summary>
/// <param name="Coefficients">m × (d + 1) on raw features.</param>
/// <param name="Dimension">d.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Encoding">How labels become the outputs' targets.</param>
/// <param name="BatchSizes">Rows each partition samples, by partition index (<see cref="MiniBatchSampler.Allocate"/>).</param>
/// <param name="Seed">The job's seed.</param>
/// <param name="Step">The global SGD step count t.</param>
[MemoryPackable]
public sealed partial record MiniBatchGradientStep(double[] Coefficients, int Dimension, LossKind Loss, LabelEncoding Encoding, int[] BatchSizes, ulong Seed, long Step)
    : IPartitionStep<LossGradient>
{
    public LossGradient Run(Partition partition, StepContext context)
    {
        var result = new LossGradient(Encoding.Outputs, Dimension);
        var batch = BatchSizes[context.PartitionIndex];
        if (batch > 0)
        {
            var rows = MiniBatchSampler.Sample(batch, partition.RowCount, Seed, Step, context.PartitionIndex);
            LossGradientKernel.Accumulate(Loss, partition, Encoding.Bind(partition), Coefficients, Dimension, rows, result, context.CancellationToken);
        }

        return result;
    }
}
