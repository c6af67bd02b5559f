namespace ShardML.Core.Data;

/// <summary>Compressed sparse rows (CSR): row <c>i</c>'s entries are <c>[RowStarts[i], RowStarts[i+1])</c> of the index and value arrays.</summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int[] rowStarts, int[] indices, float[] values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowStarts.Length, rows + 1);
        RowStarts = rowStarts;
        Indices = indices;
        Values = values;
        Rows = rows;
        Columns = columns;
    }

    public int[] RowStarts { get; }

    /// <summary>0-based column indices, strictly increasing within a row.</summary>
    public int[] Indices { get; }

    public float[] Values { get; }

    public int Rows { get; }

    /// <summary>Feature count: one more than the largest index this matrix may hold.</summary>
    public int Columns { get; }

    public long NonZeros => RowStarts[Rows];

    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);
}
