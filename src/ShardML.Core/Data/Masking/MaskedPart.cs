using MemoryPack;

namespace ShardML.Core.Data.Masking;

/// <summary>One part of a masked copy: its partition, file name in the output directory, rows and bytes.</summary>
[MemoryPackable]
public sealed partial record MaskedPart(int Partition, string File, long Rows, long Bytes);
