using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>Returns the rows with the given global row numbers as dense vectors: how initializers pick actual data points.</summary>
[MemoryPackable]
public sealed partial record FetchRowsStep(long[] GlobalRows, int FeatureCount) : IPartitionStep<RowSetSummary>
{
    public RowSetSummary Run(Partition partition, StepContext context)
    {
        var result = new RowSetSummary([], []);
        foreach (var global in GlobalRows)
        {
            var local = global - context.FirstRow;
            if (local >= 0 && local < partition.RowCount)
            {
                result.Add(global, DenseRow.Copy(partition, (int)local, FeatureCount));
            }
        }

        return result;
    }
}
