namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// Cuts a dataset's row groups, in order, into partitions of whole groups with nearly equal rows: a group is
/// Parquet's unit of reading (its columns are compressed chunks), so a partition never splits one. With fewer groups
/// than partitions each group is a partition of its own, and the dataset has fewer partitions than asked.
/// </summary>
internal static class RowGroupSplitter
{
    /// <summary>
    /// The partitions' boundaries over the groups: <c>b[0] = 0 &lt; b[1] &lt; … &lt; b[k] = G</c> with
    /// <c>k = min(P, G)</c>; partition i holds groups <c>[b[i], b[i+1])</c>. Each inner boundary is the group boundary
    /// nearest to i/k of the rows, kept far enough from its neighbours that every partition holds a group. O(k log G).
    /// </summary>
    public static int[] Cut(IReadOnlyList<long> groupRows, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var groups = groupRows.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1, nameof(groupRows));
        var count = Math.Min(partitionCount, groups);
        var before = new long[groups + 1]; // before[g]: rows in the groups before g
        for (var g = 0; g < groups; g++)
        {
            before[g + 1] = before[g] + groupRows[g];
        }

        var bounds = new int[count + 1];
        bounds[count] = groups;
        for (var i = 1; i < count; i++)
        {
            var target = (long)((Int128)before[groups] * i / count);
            var at = Array.BinarySearch(before, target);
            if (at < 0)
            {
                at = ~at; // the first boundary past the target: the one before it may be nearer
                if (at > 0 && target - before[at - 1] <= before[at] - target)
                {
                    at--;
                }
            }

            bounds[i] = Math.Clamp(at, bounds[i - 1] + 1, groups - (count - i));
        }

        return bounds;
    }
}
