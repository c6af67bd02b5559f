using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// One Lloyd pass for R independent starts at once (<see cref="KMeansOptions.InitializationCount"/>): each block of
/// rows is assigned to every start's k centers and added to that start's sums while it is still in L1, so R starts cost
/// one read of the partition per iteration instead of R.
/// </summary>
/// <remarks>
/// Cost: 2·n·R·k·d flops for the assignments, n·R·d adds for the sums; one read of the partition (4·n·d bytes). Each
/// start's assignment and sums are exactly <see cref="LloydStep"/>'s for its centers (the same kernels on the same
/// blocks), so a start's centers move as they would alone. Farthest rows are not kept: during the shared iterations an
/// empty cluster keeps its center, and the start that wins is re-seeded by the single-start iterations that follow.
/// Nothing is allocated per row; per pass, the summary (R·k·d doubles) and the R packed center sets.
/// </remarks>
/// <param name="Centers">Row-major R × k × d centers, start after start.</param>
/// <param name="Starts">R, the number of center sets.</param>
/// <param name="K">Centers per start.</param>
/// <param name="Dimension">Features per row.</param>
[MemoryPackable]
public sealed partial record MultiStartLloydStep(float[] Centers, int Starts, int K, int Dimension) : IPartitionStep<MultiStartLloydSummary>
{
    [MemoryPackIgnore]
    private PackedCenters[]? _packed;

    public MultiStartLloydSummary Run(Partition partition, StepContext context)
    {
        var sums = new double[Starts * K * Dimension];
        var counts = new long[Starts * K];
        var inertias = new double[Starts];
        if (partition.Dense is { } dense)
        {
            RunDense(dense, sums, counts, inertias, context);
        }
        else
        {
            RunSparse(partition.Sparse!, sums, counts, inertias, context);
        }

        return new MultiStartLloydSummary(sums, counts, inertias);
    }

    /// <summary>Each start's centers packed for the blocked kernel, once per step object (a benign race: any copy is equal).</summary>
    private PackedCenters[] Packed => _packed ??= Enumerable.Range(0, Starts)
        .Select(s => new PackedCenters(Centers[(s * K * Dimension)..((s + 1) * K * Dimension)], K, Dimension))
        .ToArray();

    private void RunDense(DenseMatrix dense, double[] sums, long[] counts, double[] inertias, StepContext context)
    {
        var d = Dimension;
        var packed = Packed;
        var block = BlockedAssignment.BlockRows(d);
        Span<int> nearest = stackalloc int[block];
        Span<float> distances = stackalloc float[block];
        var values = dense.AllRows;
        // Each start sums by segments as a single start's Lloyd step does: its run gives that step's bits.
        var segmentRows = SegmentSums.SegmentRows(K, d, block);
        var segments = new SegmentSums[Starts];
        for (var s = 0; s < Starts; s++)
        {
            segments[s] = new SegmentSums(K, d, sums, s * K * d, counts, s * K);
        }

        try
        {
            for (var start = 0; start < dense.Rows; start += block)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(block, dense.Rows - start);
                var rows = values.Slice(start * d, count * d);
                var closes = SegmentSums.EndsSegment(start + count, dense.Rows, segmentRows);
                for (var s = 0; s < Starts; s++)
                {
                    BlockedAssignment.Assign(rows, packed[s], nearest[..count], distances[..count], default, s == Starts - 1 ? values[((start + count) * d)..] : default);
                    segments[s].Add(rows, nearest[..count]);
                    if (closes)
                    {
                        segments[s].Close();
                    }

                    inertias[s] += LloydStep.Sum(distances[..count]);
                }
            }
        }
        finally
        {
            foreach (var segment in segments)
            {
                segment.Dispose();
            }
        }
    }

    private void RunSparse(SparseMatrix sparse, double[] sums, long[] counts, double[] inertias, StepContext context)
    {
        var sets = Enumerable.Range(0, Starts)
            .Select(s => new CenterSet(Centers[(s * K * Dimension)..((s + 1) * K * Dimension)], K, Dimension))
            .ToArray();
        for (var i = 0; i < sparse.Rows; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            for (var s = 0; s < Starts; s++)
            {
                var nearest = NearestCenterKernel.Nearest(indices, values, sets[s], out var distance);
                Core.Numerics.SparseKernels.AddScaled(sums.AsSpan(((s * K) + nearest) * Dimension, Dimension), 1.0, indices, values);
                counts[(s * K) + nearest]++;
                inertias[s] += distance;
            }
        }
    }
}
