using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// The bucket of a category when a column is hashed: XxHash32 of the value's UTF-8 bytes with seed 0, modulo the
/// bucket count. Fixed and documented, so another tool can reproduce the features of a model's file, and the same
/// on every node and in every release.
/// </summary>
public static class CategoryHash
{
    public static int Bucket(ReadOnlySpan<char> text, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, bytes);
            return (int)(XxHash32.HashToUInt32(bytes[..written]) % (uint)buckets);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
