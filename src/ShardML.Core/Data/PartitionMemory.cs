namespace ShardML.Core.Data;

/// <summary>
/// What a partition will take in memory once loaded, known before it loads: so a cluster can refuse a dataset it
/// cannot hold, or place fewer partitions on a silo with less room, instead of letting silos die of it. The same
/// accounting as <see cref="Partition.MemoryBytes"/> (4-byte floats per value, 4 per label, CSR's value, index and row
/// starts), over the rows the planner expected (<see cref="PartitionSource.EstimatedRows"/>).
/// </summary>
public static class PartitionMemory
{
    /// <summary>
    /// A kept column's value per row (<see cref="DatasetSchema.KeepColumns"/>): a string object's header, its length
    /// and a reference, plus a short value in UTF-16. A rough figure; kept columns are for predictions' output.
    /// </summary>
    public const long KeptValueBytes = 64;

    /// <summary>
    /// Bytes <paramref name="source"/> will hold in memory. Without the planner's estimate (a plan made by an older
    /// version) it is a bound, never a guess that might be low: a CSV line holds at least one byte and a separator per
    /// column, a LibSVM pair at least four bytes (<c>1:2 </c>), a Parquet row group at most eight times its compressed size.
    /// A partition loaded to be profiled keeps no rows: 0.
    /// </summary>
    public static long Estimate(PartitionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var schema = source.Schema;
        if (schema.Profiling)
        {
            return 0;
        }

        var rows = source.EstimatedRows ?? RowBound(source);
        var labels = schema.HasLabel ? rows * sizeof(float) : 0;
        var kept = rows * (schema.KeepColumns?.Length ?? 0) * KeptValueBytes;
        if (schema.Format == DataFormat.LibSvm)
        {
            var pairs = source.EstimatedValues ?? Math.Max(0, source.Length / 4);
            return (pairs * (sizeof(float) + sizeof(int))) + ((rows + 1) * sizeof(int)) + labels;
        }

        return (rows * schema.FeatureCount * sizeof(float)) + labels + kept;
    }

    /// <summary>Bytes the partitions of <paramref name="plan"/> will hold, by partition.</summary>
    public static long[] Estimate(DatasetPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sizes = new long[plan.Partitions.Count];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = Estimate(plan.Partitions[i]);
        }

        return sizes;
    }

    /// <summary>The most rows the source can hold, from its size alone.</summary>
    private static long RowBound(PartitionSource source) => source.Schema.Format switch
    {
        DataFormat.Shard => source.Length, // rows, not bytes
        DataFormat.Parquet => source.Bytes * 8 / Math.Max(1, (source.Schema.FeatureCount + 1) * sizeof(float)),
        DataFormat.LibSvm => source.Length / 2, // a label and a newline
        _ => source.Length / Math.Max(2, 2L * source.Schema.ColumnCount),
    };
}
