using csFastFloat;
using System.Globalization;

namespace ShardML.Core.Data.Readers;

/// <summary>
/// Parses one partition's byte range of a LibSVM / SVMlight file into CSR. A line is
/// <c>label index:value index:value ... [# comment]</c> with 1-based, strictly increasing indices; <c>qid:</c>
/// tokens are skipped. Errors name the file, the line and the character column of the bad token. Labels are
/// numbers; a categorical label is interned by value (<c>+1</c>, <c>1</c> and <c>1.0</c> are one class).
/// </summary>
internal static class LibSvmPartitionReader
{
    /// <summary>
    /// The largest feature index accepted: 2²⁴ features. Every partition's gradient and the driver's model hold a dense
    /// double per feature (134 MB each at this size), so much wider data belongs in a hashed feature space.
    /// </summary>
    public const int MaximumFeatures = 1 << 24;

    private const int BlockSize = 1 << 20;

    public static Partition Read(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        var declared = source.Schema.FeatureCount;
        var estimatedRows = (int)Math.Max(16, Math.Min(int.MaxValue / 2, source.Length / 64));
        var rowStarts = new GrowableBuffer<int>(estimatedRows + 1);
        var indices = new GrowableBuffer<int>(estimatedRows * 4);
        var values = new GrowableBuffer<float>(estimatedRows * 4);
        var labels = new GrowableBuffer<float>(estimatedRows);
        rowStarts.Add(0);
        var maxIndex = 0;
        var state = new LineState(source);
        var vocabulary = source.Schema.CategoricalLabel ? new LabelVocabularyBuilder() : null;

        using var stream = TextInput.Open(source.Path, source.Compression, source.Start, source.End, meter);
        var buffer = new byte[BlockSize];
        var filled = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var end = filled + read;
            var consumed = 0;
            while (true)
            {
                var newline = buffer.AsSpan(consumed, end - consumed).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                ParseLine(buffer.AsSpan(consumed, newline), ref state, ref rowStarts, ref indices, ref values, ref labels, vocabulary, declared, ref maxIndex);
                consumed += newline + 1;
            }

            if (read == 0)
            {
                if (consumed < end)
                {
                    ParseLine(buffer.AsSpan(consumed, end - consumed), ref state, ref rowStarts, ref indices, ref values, ref labels, vocabulary, declared, ref maxIndex);
                }

                break;
            }

            buffer.AsSpan(consumed, end - consumed).CopyTo(buffer);
            filled = end - consumed;
        }

        var rows = labels.Count;
        meter?.Add(0, rows);
        var columns = declared > 0 ? declared : maxIndex;
        var matrix = new SparseMatrix(rowStarts.ToArray(), indices.ToArray(), values.ToArray(), rows, columns);
        return Partition.FromSparse(source, matrix, labels.ToArray(), vocabulary?.ToVocabulary());
    }

    private static void ParseLine(
        ReadOnlySpan<byte> line,
        ref LineState state,
        ref GrowableBuffer<int> rowStarts,
        ref GrowableBuffer<int> indices,
        ref GrowableBuffer<float> values,
        ref GrowableBuffer<float> labels,
        LabelVocabularyBuilder? vocabulary,
        int declared,
        ref int maxIndex)
    {
        state.Line++;
        var comment = line.IndexOf((byte)'#');
        if (comment >= 0)
        {
            line = line[..comment];
        }

        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        var position = SkipSpace(line, 0);
        if (position == line.Length)
        {
            return; // blank or comment-only line
        }

        var tokenEnd = TokenEnd(line, position);
        if (line[position..tokenEnd].IndexOf((byte)':') >= 0)
        {
            throw state.Error(position, "missing label: the line starts with an index:value pair");
        }

        if (!float.TryParse(line[position..tokenEnd], NumberStyles.Float, CultureInfo.InvariantCulture, out var label))
        {
            throw state.Error(position, $"label '{Text(line[position..tokenEnd])}' is not a number");
        }

        if (!float.IsFinite(label))
        {
            throw state.Error(position, "label must be finite");
        }

        if (vocabulary is not null)
        {
            var code = vocabulary.Intern(label, state.Line, position + 1);
            label = code >= 0
                ? code
                : throw state.Error(position, $"more than {LabelVocabulary.MaximumCount} distinct labels in one partition; a class label takes few values (is this a regression target?)");
        }

        var previous = 0;
        position = SkipSpace(line, tokenEnd);
        while (position < line.Length)
        {
            tokenEnd = TokenEnd(line, position);
            var token = line[position..tokenEnd];
            var colon = token.IndexOf((byte)':');
            if (colon < 0)
            {
                throw state.Error(position, $"'{Text(token)}' is not an index:value pair");
            }

            if (token[..colon].SequenceEqual("qid"u8))
            {
                position = SkipSpace(line, tokenEnd);
                continue;
            }

            var digits = token[..colon];
            var parsed = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var wide);
            if (!parsed && !digits.IsEmpty && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
            {
                wide = long.MaxValue; // digits only, too many for a long: beyond any limit
            }
            else if (!parsed || wide < 1)
            {
                throw state.Error(position, $"index '{Text(digits)}' is not a positive integer");
            }

            if (wide > MaximumFeatures)
            {
                // Caught here, not as an out-of-memory failure later: every model and gradient holds a dense weight per feature.
                throw state.Error(position, string.Create(CultureInfo.InvariantCulture, $"index {Text(digits)} is beyond the {MaximumFeatures:N0} features ShardML supports (one dense weight each); hash the features into a smaller space"));
            }

            var index = (int)wide;

            if (index <= previous)
            {
                throw state.Error(position, $"index {index} follows index {previous}; indices must be strictly increasing");
            }

            if (declared > 0 && index > declared)
            {
                throw state.Error(position, $"index {index} is beyond the declared {declared} features");
            }

            if (!TryParseValue(token[(colon + 1)..], out var value))
            {
                throw state.Error(position + colon + 1, $"value '{Text(token[(colon + 1)..])}' of index {index} is not a number");
            }

            if (!float.IsFinite(value))
            {
                throw state.Error(position + colon + 1, $"value of index {index} must be finite");
            }

            indices.Add(index - 1);
            values.Add(value);
            previous = index;
            position = SkipSpace(line, tokenEnd);
        }

        maxIndex = Math.Max(maxIndex, previous);
        labels.Add(label);
        rowStarts.Add(indices.Count);
    }

    /// <summary>
    /// A value by Lemire's fast_float algorithm (csFastFloat), correctly rounded as the runtime's parser is but several
    /// times faster: value parsing was 40% of a LibSVM load. Whatever it does not take whole goes to the runtime's
    /// parser, so the accepted syntax is exactly float.TryParse's with <see cref="NumberStyles.Float"/>.
    /// </summary>
    private static bool TryParseValue(ReadOnlySpan<byte> text, out float value) =>
        (FastFloatParser.TryParseFloat(text, out var consumed, out value) && consumed == text.Length)
        || float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static int SkipSpace(ReadOnlySpan<byte> line, int position)
    {
        while (position < line.Length && (line[position] == (byte)' ' || line[position] == (byte)'\t'))
        {
            position++;
        }

        return position;
    }

    private static int TokenEnd(ReadOnlySpan<byte> line, int position)
    {
        var rest = line[position..].IndexOfAny((byte)' ', (byte)'\t');
        return rest < 0 ? line.Length : position + rest;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => InputExcerpt.Of(bytes);

    private struct LineState(PartitionSource source)
    {
        public long Line;

        public readonly DataFormatException Error(int byteColumn, string problem)
        {
            var linesBefore = InputSplitter.CountLinesBefore(source.Path, source.Start);
            return new DataFormatException(source.Path, linesBefore + Line, byteColumn + 1, problem);
        }
    }
}
