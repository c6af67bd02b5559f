using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// Gives every partition back the duals a checkpoint saved after round <c>Round</c>, with their lineage, under the
/// resumed job's key, as if it had just completed that round; the squared norms are recomputed from the rows, as a fresh state's are. A
/// partition the checkpoint has no duals for, or whose row count no longer fits them, is left without state and
/// restarts from β = 0 in the next round (see <see cref="CocoaSolver"/>). The message carries every partition's duals,
/// n·m doubles, sent once per silo and once per resume.
/// </summary>
/// <param name="StateKey">The resumed job's key in the partitions' state.</param>
/// <param name="Round">The round the checkpoint follows.</param>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m.</param>
/// <param name="Duals">The saved duals, by partition.</param>
/// <param name="Coordinates">Standardized coordinates, or null for raw features.</param>
[MemoryPackable]
public sealed partial record CocoaRestoreStep(
    string StateKey, int Round, int Dimension, int Outputs, CocoaPartitionDuals[] Duals, StandardizedCoordinates? Coordinates)
    : IPartitionStep<PartitionCount>
{
    public PartitionCount Run(Partition partition, StepContext context)
    {
        var saved = Array.Find(Duals, d => d.Partition == context.PartitionIndex);
        if (saved is null || saved.Duals.Length != partition.RowCount * Outputs)
        {
            return new PartitionCount(0);
        }

        Coordinates?.CheckFits(partition);
        var norms = LocalSdca.SquaredNorms(partition, Coordinates);
        partition.State[StateKey] = new CocoaPartitionState((double[])saved.Duals.Clone(), Outputs, Dimension, norms) { Round = Round, Origin = saved.Origin }; // a copy: steps never change their message
        return new PartitionCount(1);
    }
}
