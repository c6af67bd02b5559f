using ShardML.Core.Data;

namespace ShardML.Algorithms.KMeans;

/// <summary>Receives each row's nearest center and squared distance, in row order.</summary>
public interface IRowAssignmentSink
{
    void Assigned(int row, int cluster, double squaredDistance);
}

/// <summary>
/// Every row of a partition against fixed centers, by the kernels the Lloyd step uses: blocked over dense rows
/// (in chunks, so the buffers stay small whatever the partition's size), one row at a time over CSR rows.
/// </summary>
public static class RowAssignment
{
    private const int ChunkRows = 4096;

    public static void Run<TSink>(Partition partition, float[] centers, int k, int dimension, ref TSink sink)
        where TSink : struct, IRowAssignmentSink
    {
        if (partition.Dense is { } dense)
        {
            var packed = new PackedCenters(centers, k, dimension);
            var nearest = new int[Math.Min(partition.RowCount, ChunkRows)];
            var distances = new float[nearest.Length];
            for (var start = 0; start < partition.RowCount; start += nearest.Length)
            {
                var count = Math.Min(nearest.Length, partition.RowCount - start);
                BlockedAssignment.Assign(dense.AllRows.Slice(start * dimension, count * dimension), packed, nearest.AsSpan(0, count), distances.AsSpan(0, count));
                for (var r = 0; r < count; r++)
                {
                    sink.Assigned(start + r, nearest[r], distances[r]);
                }
            }

            return;
        }

        var set = new CenterSet(centers, k, dimension);
        var sparse = partition.Sparse!;
        for (var i = 0; i < partition.RowCount; i++)
        {
            var cluster = NearestCenterKernel.Nearest(sparse.RowIndices(i), sparse.RowValues(i), set, out var distance);
            sink.Assigned(i, cluster, distance);
        }
    }
}
