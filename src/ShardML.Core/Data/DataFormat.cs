namespace ShardML.Core.Data;

/// <summary>The formats a dataset can be read from.</summary>
public enum DataFormat
{
    /// <summary>
    /// Delimiter-separated values (comma by default, tab for <c>.tsv</c>), with a header row unless told otherwise;
    /// every chosen column but the label is a numeric feature.
    /// </summary>
    Csv = 0,

    /// <summary>LibSVM / SVMlight: <c>label index:value ...</c> with 1-based, strictly increasing indices.</summary>
    LibSvm = 1,

    /// <summary>
    /// ShardML's binary partition file (<c>.shard</c>, <see cref="Shard.ShardFileLayout"/>): dense float32 rows read
    /// straight into memory. A partition's <see cref="PartitionSource.Start"/> and <see cref="PartitionSource.End"/>
    /// count rows, not bytes.
    /// </summary>
    Shard = 2,

    /// <summary>
    /// Apache Parquet: a file, or a directory of part files (Spark, Hive) read as one dataset. Partitions are whole row
    /// groups: a partition's <see cref="PartitionSource.Start"/> and <see cref="PartitionSource.End"/> count row groups
    /// over all the files, and <see cref="PartitionSource.Files"/> says which groups of which files.
    /// </summary>
    Parquet = 3,
}
