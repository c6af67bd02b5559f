using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>Selected rows with their global row numbers, in ascending row order; merging concatenates.</summary>
[MemoryPackable]
public sealed partial class RowSetSummary : Summary<RowSetSummary>
{
    public RowSetSummary(List<long> globalRows, List<float[]> rows)
    {
        GlobalRows = globalRows;
        Rows = rows;
    }

    public List<long> GlobalRows { get; private set; }

    public List<float[]> Rows { get; private set; }

    public void Add(long globalRow, float[] row)
    {
        GlobalRows.Add(globalRow);
        Rows.Add(row);
    }

    public override RowSetSummary Merge(RowSetSummary higher)
    {
        GlobalRows.AddRange(higher.GlobalRows);
        Rows.AddRange(higher.Rows);
        return this;
    }

    /// <summary>The row with global number <paramref name="globalRow"/>.</summary>
    public float[] Get(long globalRow)
    {
        var at = GlobalRows.IndexOf(globalRow);
        return at >= 0 ? Rows[at] : throw new KeyNotFoundException($"row {globalRow} was not fetched");
    }
}
