using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// Sampled rows with their global row numbers, in ascending row order, and their labels as the partition holds them
/// (a number; a class's local code for categorical labels) when the data has labels, else none; merging concatenates.
/// </summary>
[MemoryPackable]
public sealed partial class RowSample : Summary<RowSample>
{
    public RowSample(List<long> globalRows, List<float[]> rows, List<float> labels)
    {
        GlobalRows = globalRows;
        Rows = rows;
        Labels = labels;
    }

    public List<long> GlobalRows { get; private set; }

    public List<float[]> Rows { get; private set; }

    /// <summary>One per row, or empty when the data has no label.</summary>
    public List<float> Labels { get; private set; }

    public override RowSample Merge(RowSample higher)
    {
        GlobalRows.AddRange(higher.GlobalRows);
        Rows.AddRange(higher.Rows);
        Labels.AddRange(higher.Labels);
        return this;
    }
}
