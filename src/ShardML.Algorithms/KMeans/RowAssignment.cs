using ShardML.Core.Data;

namespace ShardML.Algorithms.KMeans;

/// <summary>Receives each row's nearest center and squared distance, in row order.</summary>
public interface IRowAssignmentSink
{
    void Assigned(int row, int cluster, double squaredDistance);
}

/// <summary>
/// Every row of a partition against fixed centers, by the kernels the Lloyd step uses: blocked over dense rows, in the
/// Lloyd step's blocks, one row at a time over CSR rows.
/// </summary>
public static class RowAssignment
{
    /// <summary>
    /// Tells <paramref name="sink"/> each row's nearest center and returns the partition's inertia summed as
    /// <see cref="LloydStep"/> sums it (a block's float distances, then the blocks in order): the same bits as a Lloyd
    /// pass over the same centers, so a model's inertia reads the same from training, evaluation or the trainer's summary.
    /// </summary>
    public static double Run<TSink>(Partition partition, float[] centers, int k, int dimension, ref TSink sink)
        where TSink : struct, IRowAssignmentSink
    {
        double inertia = 0;
        if (partition.Dense is { } dense)
        {
            var packed = new PackedCenters(centers, k, dimension);
            var nearest = new int[Math.Min(partition.RowCount, BlockedAssignment.BlockRows(dimension))];
            var distances = new float[nearest.Length];
            for (var start = 0; start < partition.RowCount; start += nearest.Length)
            {
                var count = Math.Min(nearest.Length, partition.RowCount - start);
                BlockedAssignment.Assign(
                    dense.AllRows.Slice(start * dimension, count * dimension), packed, nearest.AsSpan(0, count), distances.AsSpan(0, count), default, dense.AllRows[((start + count) * dimension)..]);
                for (var r = 0; r < count; r++)
                {
                    sink.Assigned(start + r, nearest[r], distances[r]);
                }

                inertia += LloydStep.Sum(distances.AsSpan(0, count));
            }

            return inertia;
        }

        var set = new CenterSet(centers, k, dimension);
        var sparse = partition.Sparse!;
        for (var i = 0; i < partition.RowCount; i++)
        {
            var cluster = NearestCenterKernel.Nearest(sparse.RowIndices(i), sparse.RowValues(i), set, out var distance);
            sink.Assigned(i, cluster, distance);
            inertia += distance;
        }

        return inertia;
    }
}
