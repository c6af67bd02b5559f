namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Profiles one partition's input columns while a reader reads them (<see cref="IRowSink"/>): counts, sums, a sketch
/// of the numbers when a median or mode is wanted, and the distinct texts with their counts, looked up by span so a
/// text seen before allocates nothing. O(columns) per row.
/// </summary>
internal sealed class ProfileBuilder : IRowSink
{
    private readonly PreprocessingRequest _request;
    private readonly string[] _names;
    private readonly long[] _counts;
    private readonly long[] _missing;
    private readonly double[] _sums;
    private readonly QuantileSketch?[] _sketches;
    private readonly Dictionary<string, long>?[] _texts;
    private readonly bool[] _overflowed;
    private long _rows;

    public ProfileBuilder(PreprocessingRequest request, string[] names)
    {
        _request = request;
        _names = names;
        var n = request.Kinds.Length;
        _counts = new long[n];
        _missing = new long[n];
        _sums = new double[n];
        _sketches = new QuantileSketch?[n];
        _texts = new Dictionary<string, long>?[n];
        _overflowed = new bool[n];
        for (var c = 0; c < n; c++)
        {
            if (request.Kinds[c] == ColumnKind.Text)
            {
                _texts[c] = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            else if (request.NeedsSketch)
            {
                _sketches[c] = new QuantileSketch();
            }
        }
    }

    public ColumnKind[] Kinds => _request.Kinds;

    public bool DropsRows => _request.Missing == MissingValues.Drop;

    public string? Number(int column, float value)
    {
        _counts[column]++;
        _sums[column] += value;
        _sketches[column]?.Add(value);
        return null;
    }

    public string? Text(int column, ReadOnlySpan<char> text)
    {
        _counts[column]++;
        if (_overflowed[column])
        {
            return null;
        }

        var texts = _texts[column]!;
        var lookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var count))
        {
            lookup[text] = count + 1;
            return null;
        }

        if (texts.Count == _request.DistinctLimit)
        {
            if (_request.HashBuckets == 0)
            {
                return $"column '{_names[column]}' has more than {PreprocessingRequest.MaximumDistinct:N0} distinct values, too many to one-hot encode: hash them into buckets (`HashBuckets`) or leave the column out (`Ignore`)";
            }

            _overflowed[column] = true; // hashed: more than the limit is all that needs knowing
            texts.Clear();
            texts.TrimExcess();
            return null;
        }

        texts.Add(text.ToString(), 1);
        return null;
    }

    public string? Missing(int column, string what)
    {
        if (_request.Missing is MissingValues.Error or MissingValues.Drop)
        {
            return MissingProblems.Of(_names[column], what, null);
        }

        _missing[column]++;
        return null;
    }

    public void EndRow() => _rows++;

    /// <summary>The partition's profile; <paramref name="dropped"/> rows were skipped for a missing value.</summary>
    public ColumnProfiles Finish(long dropped)
    {
        var columns = new ColumnProfile[_counts.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            string[] texts = [];
            long[] counts = [];
            if (_texts[c] is { Count: > 0 } distinct)
            {
                texts = [.. distinct.Keys];
                Array.Sort(texts, StringComparer.Ordinal);
                counts = [.. texts.Select(t => distinct[t])];
            }

            columns[c] = new ColumnProfile(_counts[c], _missing[c], _sums[c], _sketches[c], texts, counts, _overflowed[c]);
        }

        return new ColumnProfiles(columns, _rows, dropped, _request.DistinctLimit);
    }
}
