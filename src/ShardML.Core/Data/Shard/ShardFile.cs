using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ShardML.Core.Data.Shard;

/// <summary>An opened, checked <c>.shard</c> file's header, metadata and checksum table (see <see cref="ShardFileLayout"/>).</summary>
public sealed record ShardFile(string Path, ShardHeader Header, ShardMetadata Metadata, ulong[] Checksums)
{
    /// <summary>Reads and checks everything but the rows: header hash, length, metadata hash, table hash.</summary>
    public static ShardFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, 0, 0, "file not found");
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Open(handle, path);
    }

    internal static ShardFile Open(SafeFileHandle handle, string path)
    {
        var length = RandomAccess.GetLength(handle);
        var headerBytes = new byte[ShardFileLayout.HeaderBytes];
        if (length < headerBytes.Length || RandomAccess.Read(handle, headerBytes, 0) != headerBytes.Length)
        {
            throw new DataFormatException(path, 0, 0, length == 0 ? "file is empty" : "not a ShardML partition file (.shard): too short for its header");
        }

        var header = ShardHeader.Read(headerBytes, path, length);
        var metadata = new byte[header.MetadataLength];
        ReadExactly(handle, metadata, header.MetadataOffset, path);
        if (ShardFileLayout.Hash(metadata) != header.MetadataHash)
        {
            throw new DataFormatException(path, 0, 0, "the partition file's metadata is corrupt (checksum mismatch)");
        }

        var table = new ulong[header.Blocks * 2];
        ReadExactly(handle, MemoryMarshal.AsBytes(table.AsSpan()), header.ChecksumsOffset, path);
        if (ShardFileLayout.Hash(MemoryMarshal.AsBytes(table.AsSpan())) != header.ChecksumsHash)
        {
            throw new DataFormatException(path, 0, 0, "the partition file's checksum table is corrupt (checksum mismatch)");
        }

        var parsed = ShardMetadata.FromUtf8(metadata, path);
        if (parsed.Features.Length != header.Columns)
        {
            throw new DataFormatException(path, 0, 0, $"the partition file names {parsed.Features.Length} features but holds {header.Columns} columns");
        }

        return new ShardFile(path, header, parsed, table);
    }

    /// <summary>Fills <paramref name="target"/> from <paramref name="offset"/>, in reads of at most 64 MiB; a short file is an error naming it.</summary>
    internal static void ReadExactly(SafeFileHandle handle, Span<byte> target, long offset, string path)
    {
        while (!target.IsEmpty)
        {
            var chunk = target[..Math.Min(target.Length, 64 << 20)];
            var read = RandomAccess.Read(handle, chunk, offset);
            if (read <= 0)
            {
                throw new DataFormatException(path, 0, 0, $"the partition file is truncated at byte {offset}");
            }

            target = target[read..];
            offset += read;
        }
    }
}
