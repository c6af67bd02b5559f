using System.Globalization;
using nietras.SeparatedValues;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// The schema of a CSV file from its first line and nothing more: the column names (the header's, unquoted, or
/// <c>c0</c>, <c>c1</c>, … by position when there is none), the chosen columns and where the data starts. To train,
/// the rows of its first mebibyte tell which feature columns hold text (<see cref="SampleKinds"/>).
/// </summary>
internal static class CsvPlanner
{
    /// <summary>Reads at most this much of the first line: a header longer than 16 MiB is not a header.</summary>
    private const int MaximumHeaderBytes = 16 << 20;

    /// <summary>The rows whose values tell a text column from a number column: those of the data's first mebibyte.</summary>
    private const int SampleBytes = 1 << 20;

    public static (DatasetSchema Schema, long DataStart) Plan(string path, DatasetOptions options, InputCompression compression)
    {
        var separator = options.Separator ?? DefaultSeparator(path);
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"'{separator}' cannot separate fields: it quotes or ends them", nameof(options));
        }

        var firstLine = options.SkipLines + 1L;
        var (fields, lineStart, firstLineEnd) = ReadFirstLine(path, compression, separator, options.SkipLines);
        string[] columns;
        long dataStart;
        if (options.HasHeader)
        {
            CheckHeader(path, fields, firstLine);
            (columns, dataStart) = (fields, firstLineEnd);
        }
        else
        {
            columns = PositionNames(fields.Length);
            dataStart = lineStart; // the first line read is a row; only skipped lines and a byte order mark are passed over
        }

        var (featureColumns, labelColumn) = ColumnSelection.Choose(path, columns, options, firstLine, "header");
        var schema = new DatasetSchema(
            DataFormat.Csv,
            [.. featureColumns.Select(c => columns[c])],
            featureColumns,
            labelColumn >= 0 ? columns[labelColumn] : null,
            labelColumn,
            columns.Length,
            separator,
            checked((int)(options.HasHeader ? firstLine + 1 : firstLine)))
        {
            KeepColumns = ColumnSelection.Keep(path, columns, options, firstLine, "header"),
            KeepNames = options.Keep is { Count: > 0 } keep ? [.. keep] : null,
        };
        var forModel = options.FeatureOrigin == FeatureOrigin.Model && options.Features is not null;
        var kinds = forModel ? null : SampleKinds(path, compression, dataStart, separator, featureColumns);
        return (PreprocessingPlanner.Apply(path, schema, kinds, options), dataStart);
    }

    /// <summary>
    /// What each feature column holds, from the rows of the data's first mebibyte: text when none of its values there
    /// is a number and some is not missing; a number otherwise. A column of numbers with a stray word stays a number
    /// column, so the word is an error at its line, not a silent category (declare it categorical to encode it).
    /// </summary>
    private static ColumnKind[] SampleKinds(string path, InputCompression compression, long dataStart, char separator, int[] featureColumns)
    {
        // One byte past the sample tells whether the sample is the whole rest of the file (then its last line is whole).
        var bytes = new byte[SampleBytes + 1];
        var read = 0;
        using (var stream = TextInput.Open(path, compression, dataStart, dataStart + bytes.Length))
        {
            int got;
            while (read < bytes.Length && (got = stream.Read(bytes, read, bytes.Length - read)) > 0)
            {
                read += got;
            }
        }

        var end = read > SampleBytes ? bytes.AsSpan(0, SampleBytes).LastIndexOf((byte)'\n') + 1 : read;
        var numbers = new bool[featureColumns.Length];
        var texts = new bool[featureColumns.Length];
        using var reader = Sep.Reader(o => o with { Sep = new Sep(separator), HasHeader = false, DisableColCountCheck = true })
            .FromText(System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Max(0, end)));
        foreach (var row in reader)
        {
            for (var j = 0; j < featureColumns.Length; j++)
            {
                if (featureColumns[j] >= row.ColCount)
                {
                    continue; // a short row is an error when the data loads
                }

                var text = row[featureColumns[j]].Span.Trim();
                if (MissingCells.IsMissing(text))
                {
                    continue;
                }

                var isNumber = float.TryParse(CsvPartitionReader.Unquote(text), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                numbers[j] |= isNumber;
                texts[j] |= !isNumber;
            }
        }

        return [.. Enumerable.Range(0, featureColumns.Length).Select(j => texts[j] && !numbers[j] ? ColumnKind.Text : ColumnKind.Number)];
    }

    /// <summary>The names of a file's columns when it has no header: <c>c0</c>, <c>c1</c>, … (0-based, as pandas and Spark number them).</summary>
    public static string[] PositionNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A tab for a <c>.tsv</c> (or <c>.tsv.gz</c>) file, a comma for anything else.</summary>
    public static char DefaultSeparator(string path) =>
        System.IO.Path.GetExtension(TextInput.FormatName(path)).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';

    private static void CheckHeader(string path, string[] header, long line)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                throw new DataFormatException(path, line, i + 1, "empty column name in the header");
            }

            if (!seen.Add(header[i]))
            {
                throw new DataFormatException(path, line, i + 1, $"column '{InputExcerpt.Of(header[i])}' appears twice in the header");
            }
        }

        // A file without a header would otherwise train on its other rows with features named '0.9417', one row short.
        if (header.All(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            var sample = string.Join(", ", header.Take(3).Select(h => $"'{InputExcerpt.Of(h)}'")) + (header.Length > 3 ? ", …" : string.Empty);
            throw new DataFormatException(
                path, line, 0, $"the header looks like data: every column name is a number ({sample}); if the file has no header, say so (`HasHeader`) and its columns are named c0, c1, …");
        }
    }

    /// <summary>
    /// The fields (trimmed and unquoted) of the first line after <paramref name="skip"/> lines, where that line starts
    /// (past a byte order mark) and where the next one starts.
    /// </summary>
    private static (string[] Fields, long Start, long NextLine) ReadFirstLine(string path, InputCompression compression, char separator, int skip)
    {
        using var stream = TextInput.Open(path, compression, 0, long.MaxValue);
        var lines = new LineCursor(stream);
        for (var skipped = 0; skipped < skip; skipped++)
        {
            if (!lines.Next(null) || lines.AtEnd())
            {
                throw new DataFormatException(path, skipped + 1, 0, $"the file ends within the {skip:N0} line(s) to skip (`SkipLines`)");
            }
        }

        var start = lines.Position;
        var header = new MemoryStream();
        lines.Next(header);
        var nextLine = lines.Position;
        var bytes = header.GetBuffer().AsSpan(0, (int)header.Length);
        var bom = start == 0 && bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        start += bom;
        var text = System.Text.Encoding.UTF8.GetString(bytes[bom..]).TrimEnd('\r', '\n');
        if (text.Trim().Length == 0)
        {
            throw new DataFormatException(path, skip + 1, 0, skip == 0 ? "the first line is empty" : "the first line after the skipped ones is empty");
        }

        using var reader = Sep.Reader(o => o with { Sep = new Sep(separator), HasHeader = false, DisableColCountCheck = true }).FromText(text);
        if (!reader.MoveNext())
        {
            throw new DataFormatException(path, skip + 1, 0, "missing header row");
        }

        var row = reader.Current;
        var fields = new string[row.ColCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = CsvPartitionReader.Unquote(row[i].Span.Trim()).ToString();
        }

        return (fields, start, nextLine);
    }

    /// <summary>
    /// Walks a text's lines from its start through a buffer, keeping at most <see cref="MaximumHeaderBytes"/> of a line
    /// it is asked to keep (a longer one is read past, not kept).
    /// </summary>
    private sealed class LineCursor(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _at;
        private int _filled;

        /// <summary>The text offset of the next unread byte: after <see cref="Next"/>, the next line's start.</summary>
        public long Position { get; private set; }

        /// <summary>Reads one line with its newline, into <paramref name="keep"/> when given; false at the text's end.</summary>
        public bool Next(MemoryStream? keep)
        {
            var any = false;
            while (Fill())
            {
                any = true;
                var span = _buffer.AsSpan(_at, _filled - _at);
                var newline = span.IndexOf((byte)'\n');
                var taken = newline < 0 ? span.Length : newline + 1;
                if (keep is not null && keep.Length < MaximumHeaderBytes)
                {
                    keep.Write(span[..(int)Math.Min(taken, MaximumHeaderBytes - keep.Length)]);
                }

                _at += taken;
                Position += taken;
                if (newline >= 0)
                {
                    return true;
                }
            }

            return any;
        }

        /// <summary>True when no byte follows.</summary>
        public bool AtEnd() => !Fill();

        private bool Fill()
        {
            if (_at < _filled)
            {
                return true;
            }

            _filled = stream.Read(_buffer);
            _at = 0;
            return _filled > 0;
        }
    }
}
