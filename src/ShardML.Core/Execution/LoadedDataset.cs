using ShardML.Core.Data;

namespace ShardML.Core.Execution;

/// <summary>A dataset whose partitions are in memory: its final schema and how many rows each partition holds.</summary>
/// <param name="Schema">The schema; for LibSVM its feature count is the largest index found (or the declared count).</param>
/// <param name="RowCounts">Rows per partition, by partition index.</param>
/// <param name="MemoryBytes">Bytes the partitions take in memory, summed.</param>
public sealed record LoadedDataset(DatasetSchema Schema, long[] RowCounts, long MemoryBytes)
{
    public int PartitionCount => RowCounts.Length;

    public long TotalRows => RowCounts.Sum();

    /// <summary>Rows not loaded because a value was missing (<see cref="Data.Preprocessing.MissingValues.Drop"/>).</summary>
    public long DroppedRows { get; init; }

    /// <summary>Global number of each partition's first row.</summary>
    public long FirstRow(int partition)
    {
        long first = 0;
        for (var i = 0; i < partition; i++)
        {
            first += RowCounts[i];
        }

        return first;
    }

    /// <summary>
    /// Combines what each partition found while loading: the row counts, and for LibSVM the feature count, which
    /// is the largest index any partition saw unless the schema declared one. Fails when the dataset has no rows.
    /// </summary>
    public static LoadedDataset FromPartitions(DatasetPlan plan, IReadOnlyList<PartitionLoadResult> results)
    {
        var rows = new long[plan.Partitions.Count];
        var columns = 0;
        long bytes = 0, dropped = 0;
        foreach (var r in results)
        {
            rows[r.Index] = r.Rows;
            columns = Math.Max(columns, r.Columns);
            bytes += r.MemoryBytes;
            dropped += r.DroppedRows;
        }

        if (rows.Sum() == 0)
        {
            throw new DataFormatException(plan.Path, 0, 0, dropped > 0 ? $"every row has a missing value ({dropped:N0} rows dropped)" : "the file has no data rows");
        }

        var schema = plan.Schema;
        if (schema.Format == DataFormat.LibSvm && schema.FeatureCount == 0)
        {
            schema = schema with { FeatureNames = DatasetSchema.LibSvmFeatureNames(columns) };
        }

        return new LoadedDataset(schema, rows, bytes) { DroppedRows = dropped };
    }
}

/// <summary>What loading one partition found.</summary>
/// <param name="Index">The partition's index.</param>
/// <param name="Rows">Rows it holds.</param>
/// <param name="Columns">Feature count it saw (LibSVM: its largest index).</param>
/// <param name="MemoryBytes">Bytes it takes in memory.</param>
/// <param name="DroppedRows">Rows it did not load because a value was missing.</param>
[MemoryPack.MemoryPackable]
public sealed partial record PartitionLoadResult(int Index, int Rows, int Columns, long MemoryBytes, long DroppedRows = 0)
{
    /// <summary>What loading <paramref name="partition"/> found, for an executor that loaded it in this process.</summary>
    public static PartitionLoadResult Of(Partition partition) =>
        new(partition.Index, partition.RowCount, partition.Sparse?.Columns ?? partition.Dense!.Columns, partition.MemoryBytes, partition.DroppedRows);
}
