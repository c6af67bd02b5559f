using System.Diagnostics;
using ShardML.Core.Execution;

namespace ShardML.Core.Data.Shard;

/// <summary>What a conversion wrote.</summary>
/// <param name="Path">The <c>.shard</c> file.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Features">Features per row.</param>
/// <param name="HasLabels">Whether a label was written.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record ShardConversion(string Path, long Rows, int Features, bool HasLabels, long Bytes, double Seconds);

/// <summary>
/// Converts a CSV dataset to a <c>.shard</c> file: the CSV is planned into partitions, parsed a few partitions at a
/// time in parallel (every value checked by the CSV reader, with the same errors), and appended in order, so memory
/// holds only the partitions in flight, never the whole dataset.
/// </summary>
public static class ShardFileConverter
{
    public static async Task<ShardConversion> ConvertAsync(DatasetOptions options, string output, int partitions, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plan = DatasetPlanner.Plan(options, partitions);
        if (plan.Schema.Format != DataFormat.Csv)
        {
            throw new DataFormatException(plan.Path, 0, 0, "only CSV converts to the binary partition format, which holds dense rows; LibSVM data stays sparse");
        }

        var metadata = new ShardMetadata(plan.Schema.FeatureNames, plan.Schema.LabelName, null);
        using var writer = new ShardFileWriter(output, metadata, plan.Schema.HasLabel);
        var window = Math.Max(1, Environment.ProcessorCount);
        var pending = new Queue<Task<Partition>>();
        var next = 0;
        while (next < plan.Partitions.Count || pending.Count > 0)
        {
            while (next < plan.Partitions.Count && pending.Count < window)
            {
                var source = plan.Partitions[next++];
                pending.Enqueue(Task.Run(() => PartitionLoader.Load(source, cancellationToken), cancellationToken));
            }

            var partition = await pending.Dequeue();
            writer.Append(partition.Dense!.AllRows, partition.Labels ?? []);
        }

        if (writer.Rows == 0)
        {
            throw new DataFormatException(plan.Path, 0, 0, "the file has no data rows");
        }

        writer.Complete();
        return new ShardConversion(Path.GetFullPath(output), writer.Rows, plan.Schema.FeatureCount, plan.Schema.HasLabel, new FileInfo(output).Length, clock.Elapsed.TotalSeconds);
    }
}
