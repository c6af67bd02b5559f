using nietras.SeparatedValues;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// Parses one partition's byte range of a CSV file into a dense matrix with Sep's SIMD tokenizer and fast float
/// parsing. Every value is checked: a missing, non-numeric or non-finite value, or a row with the wrong number of
/// columns, is a <see cref="DataFormatException"/> naming the file, the line and the column. A categorical label
/// is read as text and interned into the partition's <see cref="LabelVocabulary"/>.
/// </summary>
/// <remarks>
/// Memory: the range's newlines are counted first (a vectorized scan of bytes the page cache holds, a few percent
/// of the parse time), so the matrix is allocated once at its final size and parsed into in place: no growth, no
/// final copy, and the load's peak is the partition itself plus Sep's small buffers.
/// </remarks>
internal static class CsvPartitionReader
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Partition Read(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        if (Preprocessing.RowSinks.Apply(source.Schema))
        {
            return CsvRowReader.Read(source, meter, cancellationToken);
        }

        var schema = source.Schema;
        var features = schema.FeatureCount;
        var capacity = CountLines(source) + 1; // the last line may lack its newline
        if (capacity * Math.Max(1, features) > Array.MaxLength)
        {
            throw new DataFormatException(source.Path, 0, 0, $"partition {source.Index} holds more values than one array can; use more partitions");
        }

        var values = GC.AllocateUninitializedArray<float>((int)capacity * features);
        var labels = schema.HasLabel ? GC.AllocateUninitializedArray<float>((int)capacity) : null;
        var featureColumns = schema.FeatureColumns;
        var vocabulary = schema.CategoricalLabel ? new LabelVocabularyBuilder() : null;
        var labelsDropped = false; // optional classes past the vocabulary's limit: the partition keeps no labels
        var rows = 0;
        var metered = 0;

        using var stream = TextInput.Open(source.Path, source.Compression, source.Start, source.End, meter);
        using var reader = Sep.Reader(o => o with
        {
            Sep = new Sep(schema.Separator),
            HasHeader = false,
            DisableColCountCheck = true,
            CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        }).From(stream);

        foreach (var row in reader)
        {
            if (rows - metered > 0xFFFF)
            {
                cancellationToken.ThrowIfCancellationRequested();
                meter?.Add(0, rows - metered);
                metered = rows;
            }

            if (row.ColCount == 1 && row.Span.Trim().IsEmpty)
            {
                continue; // a blank line is not a row
            }

            if (row.Span.IndexOfAny('\n', '\r') >= 0)
            {
                throw SpansLines(source, row);
            }

            if (row.ColCount != schema.ColumnCount)
            {
                throw Error(source, LineOf(row), 0, $"expected {schema.ColumnCount} columns but found {row.ColCount}");
            }

            var target = values.AsSpan(rows * features, features);
            if (!TryParseFeatures(row, featureColumns, target))
            {
                // A bad value: parse one by one, which throws the error naming the line and the column.
                for (var j = 0; j < features; j++)
                {
                    target[j] = ParseValue(source, row, featureColumns[j], schema.FeatureNames[j]);
                }
            }

            if (schema.HasLabel)
            {
                var labelText = row[schema.LabelColumn].Span.Trim();
                if (labelText.IsEmpty)
                {
                    throw Error(source, LineOf(row), schema.LabelColumn + 1, $"missing label '{InputExcerpt.Of(schema.LabelName)}'");
                }

                if (vocabulary is null)
                {
                    labels![rows] = ParseValue(source, row, schema.LabelColumn, schema.LabelName!);
                }
                else if (!labelsDropped)
                {
                    var code = InternLabel(source, vocabulary, labelText, LineOf(row), schema.LabelColumn + 1, schema.OptionalClasses);
                    labelsDropped = code < 0;
                    labels![rows] = code;
                }
            }

            rows++;
        }

        meter?.Add(0, rows - metered);

        // Blank lines leave slack: a row or two is kept (the matrix reads only Rows × Columns); more is trimmed.
        if ((capacity - rows) * 8 > capacity)
        {
            values = values.AsSpan(0, rows * features).ToArray();
        }

        if (labels is not null && labels.Length != rows)
        {
            labels = labels.AsSpan(0, rows).ToArray(); // labels' length is the row count to callers
        }

        var matrix = new DenseMatrix(values, rows, features);
        return labelsDropped
            ? Partition.FromDense(source, matrix, null, null)
            : Partition.FromDense(source, matrix, labels, vocabulary?.ToVocabulary());
    }

    /// <summary>
    /// A record with a line break inside a quoted field. RFC 4180 allows it, but partitions are cut at line ends
    /// without reading what comes before them, so such a record would be read whole by one partitioning and cut in
    /// two by another: it is refused under every partitioning, at the line where it starts.
    /// </summary>
    internal static DataFormatException SpansLines(PartitionSource source, SepReader.Row row)
    {
        var column = 1;
        for (var j = 0; j < row.ColCount; j++)
        {
            if (row[j].Span.IndexOfAny('\n', '\r') >= 0)
            {
                column = j + 1;
                break;
            }
        }

        var first = LineOf(row) - row.Span.Count('\n');
        return Error(source, first, column, "a quoted field runs over a line break; ShardML reads one record per line (partitions are cut at line ends), so remove line breaks from fields");
    }

    /// <summary>
    /// The label's local code in the partition's vocabulary, as the float the label array holds; −1 past the
    /// vocabulary's limit when the classes are <paramref name="optional"/>, else that is an error.
    /// </summary>
    internal static float InternLabel(PartitionSource source, LabelVocabularyBuilder vocabulary, ReadOnlySpan<char> text, int line, int column, bool optional)
    {
        var quote = text.IndexOf('"');
        if (quote > 0 || (quote == 0 && (text.Length < 2 || text[^1] != '"')))
        {
            // A quote inside an unquoted field, or a quote never closed: most often the tail of a quoted field that an
            // earlier line broke in two.
            throw Error(source, line, column, $"'{Shorten(text)}' has a stray quote; quote a whole field (\"a,b\"), double quotes inside it (\"\"), and keep it on one line");
        }

        var code = vocabulary.Intern(Unquote(text), line, column);
        return code >= 0 || optional
            ? code
            : throw Error(source, line, column, $"more than {LabelVocabulary.MaximumCount} distinct labels in one partition; a class label takes few values (is this a regression target?)");
    }

    /// <summary>Newlines in the partition's byte range: counted by the plan for a compressed file, else by a scan of the range.</summary>
    internal static long CountLines(PartitionSource source) =>
        source.Newlines ?? TextInput.CountNewlines(source.Path, source.Compression, source.Start, source.End);

    /// <summary>
    /// All the row's features at once with Sep's column-set parser (one call, no per-value dispatch); false when a
    /// value does not parse or is not finite, so the caller can find and report it.
    /// </summary>
    private static bool TryParseFeatures(SepReader.Row row, int[] columns, Span<float> target)
    {
        try
        {
            row[columns].Parse(target);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }

        foreach (var value in target)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    internal static float ParseValue(PartitionSource source, SepReader.Row row, int column, string name)
    {
        var col = row[column];
        if (!col.TryParse(out float value) && !TryParseQuoted(col.Span.Trim(), out value))
        {
            throw Error(source, LineOf(row), column + 1, NotParsed(source.Schema, column, name, col.Span.Trim()));
        }

        if (!float.IsFinite(value))
        {
            var text = col.Span.Trim();
            throw Error(source, LineOf(row), column + 1, Preprocessing.MissingCells.IsMissing(text)
                ? NotParsed(source.Schema, column, name, text)
                : $"column '{InputExcerpt.Of(name)}': {InputExcerpt.Of(text)} is not allowed; values must be finite");
        }

        return value;
    }

    /// <summary>
    /// Why a value did not parse: missing (a feature's can be filled or its row dropped; a label's cannot), or not a
    /// number (a feature column may name categories).
    /// </summary>
    internal static string NotParsed(DatasetSchema schema, int column, string name, ReadOnlySpan<char> text) =>
        (Preprocessing.MissingCells.IsMissing(text), column == schema.LabelColumn) switch
        {
            (true, true) => $"missing label '{InputExcerpt.Of(name)}' ({Preprocessing.MissingCells.Describe(text)})",
            (true, false) => Preprocessing.MissingProblems.Of(InputExcerpt.Of(name), Preprocessing.MissingCells.Describe(text), schema.TrainedWith),
            (false, true) => $"column '{InputExcerpt.Of(name)}': '{Shorten(text)}' is not a number",
            _ => $"column '{InputExcerpt.Of(name)}': '{Shorten(text)}' is not a number (if the column names categories, declare it so: `Categorical`)",
        };

    /// <summary>A number written as a quoted field (<c>"4.5"</c>), as spreadsheets export some columns.</summary>
    internal static bool TryParseQuoted(ReadOnlySpan<char> text, out float value)
    {
        value = 0;
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"'
            && float.TryParse(text[1..^1].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// A quoted field's text (RFC 4180: <c>"a, ""b"""</c> is <c>a, "b"</c>). Sep splits quoted fields correctly but
    /// leaves the quotes, and the reader does not unescape numbers; only a class name and a header's column name
    /// need it. Allocates only when the field holds a doubled quote.
    /// </summary>
    internal static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        var inner = text[1..^1];
        return inner.Contains("\"\"", StringComparison.Ordinal) ? inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : inner;
    }

    /// <summary>
    /// The row's 1-based line within the range. Sep 0.17 reports <c>LineNumberFrom</c> as 2 for both of the first two
    /// rows when there is no header, but <c>LineNumberToExcl</c> correctly, so the row's last line is used.
    /// </summary>
    internal static int LineOf(SepReader.Row row) => row.LineNumberToExcl - 1;

    private static string Shorten(ReadOnlySpan<char> text) => InputExcerpt.Of(text);

    internal static DataFormatException Error(PartitionSource source, int lineInRange, int column, string problem)
    {
        var linesBefore = InputSplitter.CountLinesBefore(source.Path, source.Start);
        return new DataFormatException(source.Path, linesBefore + lineInRange, column, problem);
    }
}
