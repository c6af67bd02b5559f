using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// One Lloyd pass over a partition (Lloyd, 1982): assign each row to its nearest center and add it to that
/// cluster's sum. The driver then moves each center to its cluster's mean. Cost: n·k·d multiply-adds for the
/// assignment, n·d adds for the sums; one read of the partition.
/// </summary>
/// <param name="Centers">Row-major k × d centers.</param>
/// <param name="K">Number of centers.</param>
/// <param name="Dimension">Features per row.</param>
/// <param name="FarthestCount">How many farthest rows to keep for re-seeding empty clusters (0 for none).</param>
[MemoryPackable]
public sealed partial record LloydStep(float[] Centers, int K, int Dimension, int FarthestCount) : IPartitionStep<LloydSummary>
{
    public LloydSummary Run(Partition partition, StepContext context)
    {
        var centers = new CenterSet(Centers, K, Dimension);
        var sums = new double[K * Dimension];
        var counts = new long[K];
        var farthest = new FarthestRows(FarthestCount);
        double inertia = 0;
        for (var i = 0; i < partition.RowCount; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            int nearest;
            double distance;
            if (partition.Dense is { } dense)
            {
                var row = dense.Row(i);
                nearest = NearestCenterKernel.Nearest(row, centers, out distance);
                WideningKernels.Add(sums.AsSpan(nearest * Dimension, Dimension), row);
            }
            else
            {
                var sparse = partition.Sparse!;
                var indices = sparse.RowIndices(i);
                var values = sparse.RowValues(i);
                nearest = NearestCenterKernel.Nearest(indices, values, centers, out distance);
                SparseKernels.AddScaled(sums.AsSpan(nearest * Dimension, Dimension), 1.0, indices, values);
            }

            counts[nearest]++;
            inertia += distance;
            if (farthest.Admits(distance))
            {
                var local = i;
                farthest.Offer(distance, context.FirstRow + i, () => DenseRow.Copy(partition, local, Dimension));
            }
        }

        return new LloydSummary(sums, counts, inertia, farthest);
    }
}
