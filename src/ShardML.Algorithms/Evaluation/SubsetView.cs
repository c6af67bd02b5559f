using ShardML.Core.Data;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// A partition's view of a <see cref="RowSubset"/>: its selected rows copied into a partition of their own, kept in the
/// partition's working state under the subset's key so that every step of a job reuses one copy. Like all working
/// state it is a cache: lost with a reload, it is rebuilt from the rows, which the subset chooses by their global
/// numbers alone, so the rebuilt view holds the same rows in the same order.
/// </summary>
internal static class SubsetView
{
    public static Partition Of(Partition partition, RowSubset rows, long firstRow)
    {
        if (partition.State.TryGetValue(rows.Key, out var cached) && cached is Partition view)
        {
            return view;
        }

        view = partition.Subset(rows.Select(firstRow, partition.RowCount));
        partition.State[rows.Key] = view;
        return view;
    }
}
