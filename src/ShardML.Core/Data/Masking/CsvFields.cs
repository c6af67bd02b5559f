using System.Text;

namespace ShardML.Core.Data.Masking;

/// <summary>Splitting one CSV record (one line) into fields and writing fields back, RFC 4180 quoting both ways.</summary>
internal static class CsvFields
{
    /// <summary>The fields of <paramref name="line"/>; a quoted field may hold the separator and doubled quotes.</summary>
    public static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                while (i < line.Length && line[i] != separator)
                {
                    field.Append(line[i++]); // text after a closing quote, kept as written
                }
            }
            else
            {
                var end = line.IndexOf(separator, i);
                end = end < 0 ? line.Length : end;
                field.Append(line, i, end - i);
                i = end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the separator
        }
    }

    /// <summary>A field as CSV: quoted when it holds the separator, a quote, a line break, or leading or trailing spaces.</summary>
    public static string Quote(string field, char separator) =>
        field.Length > 0 && (field.Contains(separator) || field.Contains('"') || field.Contains('\n') || field.Contains('\r') || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]))
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;
}
