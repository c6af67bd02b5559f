namespace ShardML.Core.Data.ParquetFiles;

/// <summary>One Parquet file of a dataset: its identity when opened and the rows of each of its row groups (from its footer).</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="LastWriteUtcTicks">Last write time.</param>
/// <param name="GroupRows">Rows of each row group, in the file's order.</param>
/// <param name="GroupBytes">The compressed size of each row group (its share of the file, for progress).</param>
internal sealed record ParquetPart(string Path, long Length, long LastWriteUtcTicks, long[] GroupRows, long[] GroupBytes);
