using MemoryPack;

namespace ShardML.Core.Data;

/// <summary>
/// Everything needed to (re)load one partition on any node: the file, the part of it the partition owns, the format
/// and schema. This is the partition's lineage: a lost partition is rebuilt from it alone.
/// </summary>
/// <param name="Path">Absolute path of the file (Parquet: the file or the directory of part files); every node must see the same file at this path.</param>
/// <param name="Start">First byte of the range; always the first byte of a line. For a <c>.shard</c> file, the first row; for Parquet, the first row group counted over all the dataset's files.</param>
/// <param name="End">One past the last byte of the range; always the first byte of a line or the file's end. For a <c>.shard</c> file, one past the last row; for Parquet, one past the last row group.</param>
/// <param name="Index">The partition's index in the dataset, 0-based.</param>
/// <param name="Schema">How to parse each row.</param>
/// <param name="FileLength">The file's length when the dataset was planned, to detect a file that changed (a Parquet directory: its files' total).</param>
/// <param name="LastWriteUtcTicks">The file's last write time when planned, for the same reason (a Parquet directory: its files' latest).</param>
[MemoryPackable]
public sealed partial record PartitionSource(
    string Path,
    long Start,
    long End,
    int Index,
    DatasetSchema Schema,
    long FileLength,
    long LastWriteUtcTicks)
{
    /// <summary>
    /// Parquet: the files this partition reads, in order, each with its row-group range and identity (only these, so a
    /// source stays small however many files the directory holds); null for the single-file formats, whose one file is
    /// <see cref="Path"/>.
    /// </summary>
    public IReadOnlyList<PartitionFile>? Files { get; init; }

    /// <summary>Bytes of text this partition owns (for a <c>.shard</c> file, rows; for Parquet, row groups).</summary>
    public long Length => End - Start;

    /// <summary>
    /// Bytes of the files this partition reads, for progress: its range of a text file (of the text, decompressed), its rows of a <c>.shard</c>
    /// file, the compressed size of its Parquet row groups. Its reader reports exactly this much once it has loaded.
    /// </summary>
    public long Bytes { get; init; }

    /// <summary>
    /// How the text file is stored. <see cref="Start"/> and <see cref="End"/> count bytes of the text (decompressed),
    /// so a gzip file's partitions are its plain copy's, and so is <see cref="Bytes"/>.
    /// </summary>
    public InputCompression Compression { get; init; }

    /// <summary>
    /// Newlines in the range when the plan counted them (a compressed file, read whole to plan it), so its reader sizes
    /// its arrays without decompressing the range twice; null when not counted.
    /// </summary>
    public long? Newlines { get; init; }

    /// <summary>
    /// Rows the planner expects this partition to load, for admission before anything loads (<see cref="PartitionMemory"/>):
    /// exact for a <c>.shard</c> file, Parquet (row-group metadata) and compressed text (its newlines, counted to plan it);
    /// from a sample's line length for plain text. Null from a planner that did not say (then a bound is used).
    /// </summary>
    public long? EstimatedRows { get; init; }

    /// <summary>LibSVM: the <c>index:value</c> pairs the planner expects in the range (from a sample); null otherwise.</summary>
    public long? EstimatedValues { get; init; }
}
