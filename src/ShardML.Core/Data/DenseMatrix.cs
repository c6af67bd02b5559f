namespace ShardML.Core.Data;

/// <summary>Rows of <c>float</c> features stored contiguously, row after row, so kernels stream one span.</summary>
public sealed class DenseMatrix
{
    public DenseMatrix(float[] values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, (long)rows * columns);
        Values = values;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Row-major values; only the first <c>Rows × Columns</c> are meaningful.</summary>
    public float[] Values { get; }

    public int Rows { get; }

    public int Columns { get; }

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>All rows as one span, for kernels that walk them in order.</summary>
    public ReadOnlySpan<float> AllRows => Values.AsSpan(0, Rows * Columns);
}
