using System.Buffers.Binary;
using System.Text;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// Unambiguous byte strings for what is signed and what keys are derived from: a domain label, then each field with
/// a 4-byte big-endian length, so that no two different field lists ("ab","c" and "a","bc") give the same bytes.
/// </summary>
internal static class Transcript
{
    public static byte[] Of(string label, params ReadOnlySpan<object> fields)
    {
        using var stream = new MemoryStream();
        Span<byte> word = stackalloc byte[4];
        Append(stream, Encoding.UTF8.GetBytes(label));
        foreach (var field in fields)
        {
            switch (field)
            {
                case string text:
                    Append(stream, Encoding.UTF8.GetBytes(text));
                    break;
                case byte[] bytes:
                    Append(stream, bytes);
                    break;
                case int number:
                    BinaryPrimitives.WriteInt32BigEndian(word, number);
                    Append(stream, word);
                    break;
                default:
                    throw new ArgumentException($"a transcript holds strings, byte arrays and integers, not {field.GetType().Name}", nameof(fields));
            }
        }

        return stream.ToArray();
    }

    private static void Append(MemoryStream stream, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        stream.Write(length);
        stream.Write(field);
    }
}
