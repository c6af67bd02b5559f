using System.Collections.Concurrent;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data;

/// <summary>
/// One partition held in memory: its rows as a dense or a sparse matrix, its labels, and where it came from.
/// The rows and labels are immutable once loaded; steps only read them, so any number of steps may run over them.
/// The one mutable part is <see cref="State"/>, a cache of jobs' working state.
/// </summary>
public sealed class Partition
{
    private Partition(PartitionSource source, DenseMatrix? dense, SparseMatrix? sparse, float[]? labels, LabelVocabulary? vocabulary, int rows)
    {
        Source = source;
        Dense = dense;
        Sparse = sparse;
        Labels = labels;
        LabelVocabulary = vocabulary;
        RowCount = rows;
    }

    public PartitionSource Source { get; }

    public int Index => Source.Index;

    public int RowCount { get; }

    /// <summary>The rows when the partition is dense (CSV); null when sparse.</summary>
    public DenseMatrix? Dense { get; }

    /// <summary>The rows when the partition is sparse (LibSVM); null when dense.</summary>
    public SparseMatrix? Sparse { get; }

    /// <summary>
    /// One label per row, or null when the schema has no label. With a categorical label (see
    /// <see cref="DatasetSchema.CategoricalLabel"/>) each value is the row's code in <see cref="LabelVocabulary"/>.
    /// </summary>
    public float[]? Labels { get; }

    /// <summary>The partition's distinct class labels in order of first appearance; null unless the label is categorical.</summary>
    public LabelVocabulary? LabelVocabulary { get; }

    public bool IsSparse => Sparse is not null;

    /// <summary>A partition loaded to be profiled (<see cref="DatasetSchema.Profiling"/>): its columns' profile; it then holds no rows.</summary>
    public ColumnProfiles? Profile { get; private init; }

    /// <summary>The schema's <see cref="DatasetSchema.KeepColumns"/> as text, per kept column one value per row; null when none are kept.</summary>
    public string[][]? Kept { get; internal set; }

    /// <summary>Rows not loaded because a value was missing (<see cref="MissingValues.Drop"/>).</summary>
    public long DroppedRows { get; internal set; }

    /// <summary>
    /// Working state that a running job keeps with this partition's rows between its steps (e.g. CoCoA+'s dual
    /// variables, one per row), keyed by a key the job owns, usually containing its job id. It is a CACHE, not
    /// storage: it is not replicated or checkpointed, and it is LOST whenever the partition is reloaded (a node
    /// failure, a deactivated grain, a move to another silo), when it comes back empty. A step that reads it must
    /// therefore detect a missing or stale entry and still return a correct summary, and a job removes its entries
    /// when it ends. Steps on one partition never run concurrently, but the dictionary is concurrent anyway so a
    /// runtime may clear it from another thread.
    /// </summary>
    public ConcurrentDictionary<string, object> State { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes of memory the rows and labels take (working state excluded).</summary>
    public long MemoryBytes =>
        (Dense is null ? 0 : (long)Dense.Rows * Dense.Columns * sizeof(float))
        + (Sparse is null ? 0 : (Sparse.NonZeros * (sizeof(float) + sizeof(int))) + ((Sparse.Rows + 1L) * sizeof(int)))
        + ((Labels?.Length ?? 0L) * sizeof(float));

    public static Partition FromDense(PartitionSource source, DenseMatrix rows, float[]? labels, LabelVocabulary? vocabulary = null) =>
        new(source, rows, null, labels, vocabulary, rows.Rows);

    /// <summary>A partition that was read to be profiled: it keeps the profile of its rows and none of them.</summary>
    public static Partition FromProfile(PartitionSource source, ColumnProfiles profile, long droppedRows) =>
        new(source, new DenseMatrix([], 0, 0), null, null, null, checked((int)profile.Rows)) { Profile = profile, DroppedRows = droppedRows };

    public static Partition FromSparse(PartitionSource source, SparseMatrix rows, float[]? labels, LabelVocabulary? vocabulary = null) =>
        new(source, null, rows, labels, vocabulary, rows.Rows);

    /// <summary>
    /// A partition holding only rows <paramref name="rows"/> (local indices, ascending) of this one, copied: the view a
    /// validation split or a fold trains on (<see cref="RowSubset"/>). Same source, labels' vocabulary and kept columns;
    /// its own, empty, <see cref="State"/>. Dense rows are placed on a cache line, as a loader places them.
    /// </summary>
    public Partition Subset(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var labels = Labels is null ? null : new float[rows.Length];
        for (var i = 0; labels is not null && i < rows.Length; i++)
        {
            labels[i] = Labels![rows[i]];
        }

        Partition subset;
        if (Dense is { } dense)
        {
            var d = dense.Columns;
            var (values, offset) = DenseMatrix.AllocateAligned(rows.Length * d);
            for (var i = 0; i < rows.Length; i++)
            {
                dense.Row(rows[i]).CopyTo(values.AsSpan(offset + (i * d), d));
            }

            subset = FromDense(Source, new DenseMatrix(values, rows.Length, d, offset), labels, LabelVocabulary);
        }
        else
        {
            var sparse = Sparse!;
            var starts = new int[rows.Length + 1];
            for (var i = 0; i < rows.Length; i++)
            {
                starts[i + 1] = starts[i] + sparse.RowIndices(rows[i]).Length;
            }

            var indices = new int[starts[rows.Length]];
            var values = new float[starts[rows.Length]];
            for (var i = 0; i < rows.Length; i++)
            {
                sparse.RowIndices(rows[i]).CopyTo(indices.AsSpan(starts[i]));
                sparse.RowValues(rows[i]).CopyTo(values.AsSpan(starts[i]));
            }

            subset = FromSparse(Source, new SparseMatrix(starts, indices, values, rows.Length, sparse.Columns), labels, LabelVocabulary);
        }

        if (Kept is { } kept)
        {
            subset.Kept = [.. kept.Select(column => rows.Select(r => column[r]).ToArray())];
        }

        return subset;
    }
}
