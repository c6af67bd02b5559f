using MemoryPack;

namespace ShardML.Core.Data;

/// <summary>
/// One file a partition reads and the part of it it owns, with the file's identity when planned, so any node can
/// reload the partition alone and refuse a file that changed since.
/// </summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Start">The first unit of the file the partition owns (Parquet: a row group index).</param>
/// <param name="End">One past the last unit.</param>
/// <param name="Length">The file's length when planned.</param>
/// <param name="LastWriteUtcTicks">The file's last write time when planned.</param>
[MemoryPackable]
public sealed partial record PartitionFile(string Path, long Start, long End, long Length, long LastWriteUtcTicks);
