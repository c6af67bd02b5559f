using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Builds each partition's view of a <see cref="RowSubset"/> and counts its rows, per partition.</summary>
/// <param name="Rows">The subset.</param>
/// <param name="Partitions">The dataset's partition count.</param>
[MemoryPackable]
public sealed partial record SubsetCountStep(RowSubset Rows, int Partitions) : IPartitionStep<SubsetCounts>
{
    public SubsetCounts Run(Partition partition, StepContext context)
    {
        var counts = new long[Partitions];
        counts[context.PartitionIndex] = SubsetView.Of(partition, Rows, context.FirstRow).RowCount;
        return new SubsetCounts(counts);
    }
}

/// <summary>Rows of a subset per partition index; merging adds (each partition fills its own entry).</summary>
[MemoryPackable]
public sealed partial class SubsetCounts : Summary<SubsetCounts>
{
    public SubsetCounts(long[] counts)
    {
        Counts = counts;
    }

    public long[] Counts { get; }

    public override SubsetCounts Merge(SubsetCounts higher)
    {
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] += higher.Counts[i];
        }

        return this;
    }
}
