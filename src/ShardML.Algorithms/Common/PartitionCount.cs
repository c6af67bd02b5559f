using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// How many partitions a housekeeping step acted on (dropped a job's state, were given their duals back); merging adds.
/// One summary serves every such step: the driver only logs or ignores the count.
/// </summary>
[MemoryPackable]
public sealed partial class PartitionCount : Summary<PartitionCount>, IAdditiveSummary
{
    public PartitionCount(int partitions)
    {
        Partitions = partitions;
    }

    public int Partitions { get; private set; }

    [MemoryPackIgnore]
    public int SumLength => 1;

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        destination[0] = Partitions;
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        return new PartitionCount((int)SummarySums.Count(totals[0]));
    }

    public override PartitionCount Merge(PartitionCount higher)
    {
        Partitions += higher.Partitions;
        return this;
    }
}
