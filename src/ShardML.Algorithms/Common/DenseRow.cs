using ShardML.Core.Data;

namespace ShardML.Algorithms.Common;

/// <summary>Reads one row of a dense or sparse partition as a dense vector.</summary>
public static class DenseRow
{
    public static float[] Copy(Partition partition, int row, int featureCount)
    {
        var result = new float[featureCount];
        if (partition.Dense is { } dense)
        {
            dense.Row(row).CopyTo(result);
        }
        else
        {
            var sparse = partition.Sparse!;
            var indices = sparse.RowIndices(row);
            var values = sparse.RowValues(row);
            for (var k = 0; k < indices.Length; k++)
            {
                if (indices[k] < featureCount)
                {
                    result[indices[k]] = values[k];
                }
            }
        }

        return result;
    }
}
