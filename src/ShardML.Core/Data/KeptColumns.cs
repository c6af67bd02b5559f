using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Core.Data;

/// <summary>
/// Kept columns of a run of partitions, in row order: per kept column, one value per row. Merging appends the higher
/// partitions' rows, so the merge tree gives every row in file order, as the predictions are.
/// </summary>
[MemoryPackable]
public sealed partial class KeptColumns : Summary<KeptColumns>
{
    [MemoryPackConstructor]
    public KeptColumns(List<string>[] columns)
    {
        Columns = columns;
    }

    public List<string>[] Columns { get; }

    public override KeptColumns Merge(KeptColumns higher)
    {
        for (var k = 0; k < Columns.Length; k++)
        {
            Columns[k].AddRange(higher.Columns[k]);
        }

        return this;
    }
}
