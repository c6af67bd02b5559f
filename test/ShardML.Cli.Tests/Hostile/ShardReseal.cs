using System.Buffers.Binary;
using System.IO.Hashing;
using ShardML.Core.Data.Shard;

namespace ShardML.Cli.Tests.Hostile;

/// <summary>
/// Makes a damaged <c>.shard</c> file's hashes hold again — the file length, the metadata's and the checksum table's
/// hashes, every block's checksum that lies within the file, and the header's — so a fuzz case reaches the checks
/// behind them (the metadata's JSON, the values, the class codes) instead of stopping at a checksum mismatch.
/// Fields are read raw (<see cref="ShardFileLayout"/>): the header may be past what a reader accepts.
/// </summary>
internal static class ShardReseal
{
    public static byte[] Reseal(byte[] file)
    {
        if (file.Length < ShardFileLayout.HeaderBytes)
        {
            return file;
        }

        var span = file.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span[80..], file.LongLength);
        var rows = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
        var columns = BinaryPrimitives.ReadInt32LittleEndian(span[24..]);
        var blockRows = BinaryPrimitives.ReadInt32LittleEndian(span[28..]);
        var features = BinaryPrimitives.ReadInt64LittleEndian(span[48..]);
        var labels = BinaryPrimitives.ReadInt64LittleEndian(span[56..]);
        if (Slice(file, BinaryPrimitives.ReadInt64LittleEndian(span[32..]), BinaryPrimitives.ReadInt64LittleEndian(span[40..])) is { } metadata)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[88..], XxHash3.HashToUInt64(metadata));
        }

        var tableOffset = BinaryPrimitives.ReadInt64LittleEndian(span[64..]);
        if (Slice(file, tableOffset, BinaryPrimitives.ReadInt64LittleEndian(span[72..])) is { } table && rows is > 0 and < 1_000_000 && columns is > 0 and < 1_000_000 && blockRows > 0)
        {
            for (long block = 0, at = tableOffset; block * blockRows < rows && at + 16 <= tableOffset + table.Length; block++, at += 16)
            {
                var first = block * blockRows;
                var count = Math.Min(blockRows, rows - first);
                if (Slice(file, features + (first * columns * 4), count * columns * 4) is { } x)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(span[(int)at..], XxHash3.HashToUInt64(x));
                }

                if (labels > 0 && Slice(file, labels + (first * 4), count * 4) is { } y)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(span[(int)(at + 8)..], XxHash3.HashToUInt64(y));
                }
            }

            BinaryPrimitives.WriteUInt64LittleEndian(span[96..], XxHash3.HashToUInt64(Slice(file, tableOffset, table.Length)));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(span[120..], XxHash3.HashToUInt64(span[..120]));
        return file;
    }

    private static byte[]? Slice(byte[] file, long offset, long length) =>
        offset >= 0 && length >= 0 && offset <= file.Length && length <= file.Length - offset ? file.AsSpan((int)offset, (int)length).ToArray() : null;
}
