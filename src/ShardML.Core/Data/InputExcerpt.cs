using System.Globalization;
using System.Text;

namespace ShardML.Core.Data;

/// <summary>
/// A value from the input as an error message may show it: cut to a few dozen characters with its full length said,
/// control characters escaped. A message names where the problem is; echoing a 10 MB field or a header of 10⁵ names
/// in full buried that location under the input itself, and raw control characters could drive the user's terminal.
/// </summary>
public static class InputExcerpt
{
    /// <summary>Characters of one value shown before it is cut.</summary>
    public const int MaximumCharacters = 40;

    /// <summary>Names shown from a list before the rest are counted instead.</summary>
    public const int MaximumNames = 8;

    /// <summary><paramref name="text"/>, at most <paramref name="maximum"/> characters of it, printable.</summary>
    public static string Of(ReadOnlySpan<char> text, int maximum = MaximumCharacters)
    {
        var shown = text.Length <= maximum ? text : text[..maximum];
        var builder = new StringBuilder(shown.Length + 24);
        foreach (var c in shown)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (text.Length > maximum)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length:N0} characters)");
        }

        return builder.ToString();
    }

    /// <summary>UTF-8 input (invalid sequences shown as \ufffd), at most <paramref name="maximum"/> characters of it.</summary>
    public static string Of(ReadOnlySpan<byte> utf8, int maximum = MaximumCharacters)
    {
        // A character takes at most 4 bytes: decoding that much shows as many as fit, without decoding a huge field.
        var head = utf8.Length <= maximum * 4 ? utf8 : utf8[..(maximum * 4)];
        var text = Encoding.UTF8.GetString(head);
        var excerpt = Of(text.AsSpan(0, Math.Min(text.Length, maximum)), maximum);
        return text.Length > maximum || head.Length < utf8.Length ? $"{excerpt}… ({utf8.Length:N0} bytes)" : excerpt;
    }

    /// <summary>Names quoted and joined; past <see cref="MaximumNames"/>, the rest are counted: <c>'a', 'b', … (100,000 in all)</c>.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var all = names as IReadOnlyCollection<string> ?? [.. names];
        var shown = string.Join(", ", all.Take(MaximumNames).Select(n => $"'{Of(n)}'"));
        return all.Count > MaximumNames ? $"{shown}, … ({all.Count:N0} in all)" : shown;
    }
}
