using MemoryPack;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// What one input column of a run of partitions holds: values and missing ones counted, the sum of its numbers and a
/// <see cref="QuantileSketch"/> of them when a median or mode is needed, and its distinct texts with their counts
/// (sorted, so equal data gives equal bytes) until there are more than a limit. Merging adds counts and joins the
/// texts: exactly associative and commutative but for the sum's rounding.
/// </summary>
[MemoryPackable]
public sealed partial class ColumnProfile
{
    [MemoryPackConstructor]
    public ColumnProfile(long count, long missing, double sum, QuantileSketch? sketch, string[] texts, long[] textCounts, bool overflowed)
    {
        Count = count;
        Missing = missing;
        Sum = sum;
        Sketch = sketch;
        Texts = texts;
        TextCounts = textCounts;
        Overflowed = overflowed;
    }

    /// <summary>Values present.</summary>
    public long Count { get; private set; }

    /// <summary>Values missing.</summary>
    public long Missing { get; private set; }

    /// <summary>A number column: the sum of its values.</summary>
    public double Sum { get; private set; }

    /// <summary>A number column, when the missing values are filled by median or mode.</summary>
    public QuantileSketch? Sketch { get; }

    /// <summary>A text column: its distinct values, ordinally sorted (empty once <see cref="Overflowed"/>).</summary>
    public string[] Texts { get; private set; }

    /// <summary>How often each of <see cref="Texts"/> appears.</summary>
    public long[] TextCounts { get; private set; }

    /// <summary>A text column with more distinct values than the limit it was profiled with.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Merges <paramref name="higher"/> into this one; a text column over <paramref name="limit"/> distinct values overflows.</summary>
    public ColumnProfile Merge(ColumnProfile higher, int limit)
    {
        Count += higher.Count;
        Missing += higher.Missing;
        Sum += higher.Sum;
        Sketch?.Merge(higher.Sketch!);
        Overflowed |= higher.Overflowed;
        if (!Overflowed)
        {
            JoinTexts(higher);
            Overflowed = Texts.Length > limit;
        }

        if (Overflowed)
        {
            (Texts, TextCounts) = ([], []);
        }

        return this;
    }

    private void JoinTexts(ColumnProfile higher)
    {
        var texts = new string[Texts.Length + higher.Texts.Length];
        var counts = new long[texts.Length];
        int i = 0, j = 0, n = 0;
        while (i < Texts.Length || j < higher.Texts.Length)
        {
            var order = i == Texts.Length ? 1 : j == higher.Texts.Length ? -1 : string.CompareOrdinal(Texts[i], higher.Texts[j]);
            (texts[n], counts[n]) = order <= 0 ? (Texts[i], TextCounts[i]) : (higher.Texts[j], higher.TextCounts[j]);
            if (order == 0)
            {
                counts[n] += higher.TextCounts[j++];
            }

            i += order <= 0 ? 1 : 0;
            j += order > 0 ? 1 : 0;
            n++;
        }

        (Texts, TextCounts) = (texts[..n], counts[..n]);
    }
}
