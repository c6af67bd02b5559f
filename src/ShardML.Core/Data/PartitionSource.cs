using MemoryPack;

namespace ShardML.Core.Data;

/// <summary>
/// Everything needed to (re)load one partition on any node: the file, the byte range of whole lines it owns,
/// the format and schema. This is the partition's lineage: a lost partition is rebuilt from it alone.
/// </summary>
/// <param name="Path">Absolute path of the file; every node must see the same file at this path.</param>
/// <param name="Start">First byte of the range; always the first byte of a line. For a <c>.shard</c> file, the first row.</param>
/// <param name="End">One past the last byte of the range; always the first byte of a line or the file's end. For a <c>.shard</c> file, one past the last row.</param>
/// <param name="Index">The partition's index in the dataset, 0-based.</param>
/// <param name="Schema">How to parse each row.</param>
/// <param name="FileLength">The file's length when the dataset was planned, to detect a file that changed.</param>
/// <param name="LastWriteUtcTicks">The file's last write time when planned, for the same reason.</param>
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
    /// <summary>Bytes of text this partition owns.</summary>
    public long Length => End - Start;
}
