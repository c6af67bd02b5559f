using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// The profile of every input column of a run of partitions, and its rows: what <see cref="ColumnProfileStep"/>
/// returns and the merge tree joins, from which <see cref="FeaturePipelineBuilder"/> learns the pipeline. The result
/// is a function of the rows alone, not of how they were partitioned (but for the rounding of sums).
/// </summary>
[MemoryPackable]
public sealed partial class ColumnProfiles : Summary<ColumnProfiles>
{
    [MemoryPackConstructor]
    public ColumnProfiles(ColumnProfile[] columns, long rows, long droppedRows, int distinctLimit)
    {
        Columns = columns;
        Rows = rows;
        DroppedRows = droppedRows;
        DistinctLimit = distinctLimit;
    }

    /// <summary>One profile per input column, in feature order.</summary>
    public ColumnProfile[] Columns { get; }

    /// <summary>Rows profiled (not dropped).</summary>
    public long Rows { get; private set; }

    /// <summary>Rows with a missing value, when such rows are dropped.</summary>
    public long DroppedRows { get; private set; }

    /// <summary>The distinct texts a column may have before it overflows (<see cref="PreprocessingRequest.DistinctLimit"/>).</summary>
    public int DistinctLimit { get; }

    public override ColumnProfiles Merge(ColumnProfiles higher)
    {
        for (var c = 0; c < Columns.Length; c++)
        {
            Columns[c].Merge(higher.Columns[c], DistinctLimit);
        }

        Rows += higher.Rows;
        DroppedRows += higher.DroppedRows;
        return this;
    }

    /// <summary>A copy sharing nothing, for a step to hand out: a merge changes the summary it merges into.</summary>
    public ColumnProfiles Clone() => MemoryPackSerializer.Deserialize<ColumnProfiles>(MemoryPackSerializer.Serialize(this))!;
}
