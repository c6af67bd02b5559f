using System.Globalization;

namespace ShardML.Core.Data;

/// <summary>
/// Interns a partition's labels while it loads. A label already seen costs one hash lookup on the span of the
/// field, with no string allocated; only a new label allocates its name.
/// </summary>
internal sealed class LabelVocabularyBuilder
{
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byTextSpan;
    private readonly Dictionary<float, int> _byNumber = [];
    private readonly List<string> _names = [];
    private readonly List<long> _lines = [];
    private readonly List<int> _columns = [];
    private readonly List<int> _files = [];

    public LabelVocabularyBuilder()
    {
        _byTextSpan = _byText.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The index of the file being read among the partition's <see cref="PartitionSource.Files"/> (Parquet), recorded
    /// with each new label so its site names the right file.
    /// </summary>
    public int File { get; set; }

    /// <summary>The code of a textual label (CSV, Parquet), adding it at (<paramref name="line"/>, <paramref name="column"/>) when new; -1 when the vocabulary is full.</summary>
    public int Intern(ReadOnlySpan<char> text, long line, int column)
    {
        if (_byTextSpan.TryGetValue(text, out var code))
        {
            return code;
        }

        if (_names.Count == LabelVocabulary.MaximumCount)
        {
            return -1;
        }

        var name = text.ToString();
        _byText.Add(name, _names.Count);
        return Add(name, line, column);
    }

    /// <summary>The code of a numeric label (LibSVM); equal numbers are one class whatever their spelling; -1 when full.</summary>
    public int Intern(float value, long line, int column)
    {
        value = value == 0 ? 0f : value; // −0 and +0 are one class
        if (_byNumber.TryGetValue(value, out var code))
        {
            return code;
        }

        if (_names.Count == LabelVocabulary.MaximumCount)
        {
            return -1;
        }

        _byNumber.Add(value, _names.Count);
        return Add(value.ToString("R", CultureInfo.InvariantCulture), line, column);
    }

    public LabelVocabulary ToVocabulary() => new([.. _names], [.. _lines], [.. _columns]) { FirstFiles = [.. _files] };

    private int Add(string name, long line, int column)
    {
        _names.Add(name);
        _lines.Add(line);
        _columns.Add(column);
        _files.Add(File);
        return _names.Count - 1;
    }
}
