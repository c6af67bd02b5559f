namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// The text that stands for a missing value in a CSV field: nothing, or one of the spellings pandas' <c>read_csv</c>
/// reads as missing by default and that no number or category plausibly means: <c>NA</c>, <c>N/A</c>, <c>NaN</c>,
/// <c>nan</c>, <c>NULL</c>, <c>null</c>, <c>None</c> (case as written), quoted or not.
/// </summary>
public static class MissingCells
{
    private static readonly string[] Spellings = ["NA", "N/A", "NaN", "nan", "NULL", "null", "None"];

    /// <summary>True when the trimmed field <paramref name="text"/> is missing.</summary>
    public static bool IsMissing(ReadOnlySpan<char> text)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1].Trim();
        }

        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Length > 4)
        {
            return false;
        }

        foreach (var spelling in Spellings)
        {
            if (text.SequenceEqual(spelling))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How a missing field is shown in a message: <c>empty</c>, or its spelling.</summary>
    public static string Describe(ReadOnlySpan<char> text)
    {
        var inner = text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Trim() : text;
        return inner.IsEmpty ? "empty" : $"'{inner}'";
    }
}
