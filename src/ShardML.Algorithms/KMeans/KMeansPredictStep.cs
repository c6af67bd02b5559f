using MemoryPack;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>Assigns every row of a partition to its nearest center, by the same kernel as the Lloyd step.</summary>
[MemoryPackable]
public sealed partial record KMeansPredictStep(float[] Centers, int K, int Dimension) : IPartitionStep<PredictionSummary>
{
    public PredictionSummary Run(Partition partition, StepContext context)
    {
        var sink = new Predictions(new float[partition.RowCount]);
        RowAssignment.Run(partition, Centers, K, Dimension, ref sink);
        return new PredictionSummary(sink.Values);
    }

    private readonly struct Predictions(float[] values) : IRowAssignmentSink
    {
        public float[] Values => values;

        public void Assigned(int row, int cluster, double squaredDistance) => values[row] = cluster;
    }
}
