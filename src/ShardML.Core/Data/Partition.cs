namespace ShardML.Core.Data;

/// <summary>
/// One partition held in memory: its rows as a dense or a sparse matrix, its labels, and where it came from.
/// Immutable once loaded; steps only read it, so any number of steps may run over it.
/// </summary>
public sealed class Partition
{
    private Partition(PartitionSource source, DenseMatrix? dense, SparseMatrix? sparse, float[]? labels, int rows)
    {
        Source = source;
        Dense = dense;
        Sparse = sparse;
        Labels = labels;
        RowCount = rows;
    }

    public PartitionSource Source { get; }

    public int Index => Source.Index;

    public int RowCount { get; }

    /// <summary>The rows when the partition is dense (CSV); null when sparse.</summary>
    public DenseMatrix? Dense { get; }

    /// <summary>The rows when the partition is sparse (LibSVM); null when dense.</summary>
    public SparseMatrix? Sparse { get; }

    /// <summary>One label per row, or null when the schema has no label.</summary>
    public float[]? Labels { get; }

    public bool IsSparse => Sparse is not null;

    /// <summary>Bytes of memory the rows and labels take.</summary>
    public long MemoryBytes =>
        (Dense is null ? 0 : (long)Dense.Rows * Dense.Columns * sizeof(float))
        + (Sparse is null ? 0 : (Sparse.NonZeros * (sizeof(float) + sizeof(int))) + ((Sparse.Rows + 1L) * sizeof(int)))
        + ((Labels?.Length ?? 0L) * sizeof(float));

    public static Partition FromDense(PartitionSource source, DenseMatrix rows, float[]? labels) =>
        new(source, rows, null, labels, rows.Rows);

    public static Partition FromSparse(PartitionSource source, SparseMatrix rows, float[]? labels) =>
        new(source, null, rows, labels, rows.Rows);
}
