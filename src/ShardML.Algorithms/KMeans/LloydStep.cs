using System.Numerics;
using System.Runtime.CompilerServices;
using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// One Lloyd pass over a partition (Lloyd, 1982): assign each row to its nearest center and add it to that
/// cluster's sum. The driver then moves each center to its cluster's mean.
/// </summary>
/// <remarks>
/// Cost: 2·n·k·d flops for the assignment, n·d adds for the sums; one read of the partition (4·n·d bytes). Dense
/// rows go through <see cref="BlockedAssignment"/> a block at a time, and the block's rows are added to the
/// double-precision cluster sums while they are still in L1, so the data is read from memory once per pass. Sparse
/// rows take one dot product per center (<see cref="NearestCenterKernel"/>). Nothing is allocated per row; per pass,
/// only the summary (k·d doubles) and the packed centers, shared by every partition that runs the same step object.
/// </remarks>
/// <param name="Centers">Row-major k × d centers.</param>
/// <param name="K">Number of centers.</param>
/// <param name="Dimension">Features per row.</param>
/// <param name="FarthestCount">How many farthest rows to keep for re-seeding empty clusters (0 for none).</param>
[MemoryPackable]
public sealed partial record LloydStep(float[] Centers, int K, int Dimension, int FarthestCount) : IPartitionStep<LloydSummary>
{
    [MemoryPackIgnore]
    private PackedCenters? _packed;

    public LloydSummary Run(Partition partition, StepContext context)
    {
        var sums = new double[K * Dimension];
        var counts = new long[K];
        var farthest = new FarthestRows(FarthestCount);
        double inertia = 0;
        if (partition.Dense is { } dense)
        {
            inertia = RunDense(dense, sums, counts, farthest, partition, context);
        }
        else
        {
            inertia = RunSparse(partition, sums, counts, farthest, context);
        }

        return new LloydSummary(sums, counts, inertia, farthest) { SearchedRows = partition.RowCount };
    }

    /// <summary>The centers packed for the blocked kernel, once per step object (a benign race: any copy is equal).</summary>
    internal PackedCenters Packed => _packed ??= new PackedCenters(Centers, K, Dimension);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the pass's loop over blocks (its stackalloc rules out on-stack replacement): optimized from the first pass
    private double RunDense(DenseMatrix dense, double[] sums, long[] counts, FarthestRows farthest, Partition partition, StepContext context)
    {
        var d = Dimension;
        var packed = Packed;
        var block = BlockedAssignment.BlockRows(d);
        Span<int> nearest = stackalloc int[block];
        Span<float> distances = stackalloc float[block];
        var values = dense.AllRows;
        var candidates = new FarthestCandidates(farthest.Capacity);
        var segmentRows = SegmentSums.SegmentRows(K, d, block);
        using var segments = new SegmentSums(K, d, sums, counts);
        double inertia = 0;
        for (var start = 0; start < dense.Rows; start += block)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(block, dense.Rows - start);
            var rows = values.Slice(start * d, count * d);
            BlockedAssignment.Assign(rows, packed, nearest[..count], distances[..count], default, values[((start + count) * d)..]);
            segments.Add(rows, nearest[..count]);
            if (SegmentSums.EndsSegment(start + count, dense.Rows, segmentRows))
            {
                segments.Close();
            }

            inertia += Sum(distances[..count]);
            // The threshold is ±∞ or one of the float distances, so the float compare is exact.
            if (!AnyAbove(distances[..count], (float)candidates.Threshold))
            {
                continue; // after the first blocks, almost every block: one vector scan instead of a branch per row (NaN: not skipped)
            }

            for (var r = 0; r < count; r++)
            {
                if (distances[r] > candidates.Threshold)
                {
                    candidates.Offer(distances[r], start + r);
                }
            }
        }

        // Only the rows that stayed among the farthest are copied: k small arrays per pass, not one per admission.
        for (var i = 0; i < candidates.Count; i++)
        {
            var local = candidates.Row(i);
            farthest.Offer(candidates.Distance(i), context.FirstRow + local, () => DenseRow.Copy(partition, local, d));
        }

        return inertia;
    }

    /// <summary>Σ of a block's distances in double, four interleaved partial sums (a fixed order: the same bits every run).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a block, thousands of times a pass: optimized from the first
    internal static double Sum(ReadOnlySpan<float> values)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i <= values.Length - 4; i += 4)
        {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }

        for (; i < values.Length; i++)
        {
            s0 += values[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>
    /// Whether any value is above <paramref name="threshold"/> or NaN. Our own loop, not TensorPrimitives.Max: called
    /// once a block, it must be optimized from the first pass, and a generic library method runs its first pass at tier 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool AnyAbove(ReadOnlySpan<float> values, float threshold)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var limit = new Vector<float>(threshold);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                if (!Vector.LessThanOrEqualAll(new Vector<float>(values[i..]), limit))
                {
                    return true;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!(values[i] <= threshold))
            {
                return true;
            }
        }

        return false;
    }

    private double RunSparse(Partition partition, double[] sums, long[] counts, FarthestRows farthest, StepContext context)
    {
        var centers = new CenterSet(Centers, K, Dimension);
        var sparse = partition.Sparse!;
        double inertia = 0;
        for (var i = 0; i < partition.RowCount; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            var nearest = NearestCenterKernel.Nearest(indices, values, centers, out var distance);
            SparseKernels.AddScaled(sums.AsSpan(nearest * Dimension, Dimension), 1.0, indices, values);
            counts[nearest]++;
            inertia += distance;
            if (farthest.Admits(distance))
            {
                var local = i;
                farthest.Offer(distance, context.FirstRow + i, () => DenseRow.Copy(partition, local, Dimension));
            }
        }

        return inertia;
    }
}
