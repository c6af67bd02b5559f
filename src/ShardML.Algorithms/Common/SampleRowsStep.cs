using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// Returns the rows with the given global row numbers as dense vectors, with their labels when the data has them:
/// a sample to plot (predicted against actual values, rows on principal components). Cost: the sampled rows only.
/// </summary>
[MemoryPackable]
public sealed partial record SampleRowsStep(long[] GlobalRows, int FeatureCount) : IPartitionStep<RowSample>
{
    public RowSample Run(Partition partition, StepContext context)
    {
        var sample = new RowSample([], [], []);
        var from = Array.BinarySearch(GlobalRows, context.FirstRow);
        for (var at = from < 0 ? ~from : from; at < GlobalRows.Length && GlobalRows[at] < context.FirstRow + partition.RowCount; at++)
        {
            var local = (int)(GlobalRows[at] - context.FirstRow);
            sample.GlobalRows.Add(GlobalRows[at]);
            sample.Rows.Add(DenseRow.Copy(partition, local, FeatureCount));
            if (partition.Labels is { } labels)
            {
                sample.Labels.Add(labels[local]);
            }
        }

        return sample;
    }
}
