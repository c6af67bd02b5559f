using MemoryPack;
using ShardML.Algorithms.KMeans;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Inertia of a partition against fixed centers and, when rows are labelled, the cluster × label counts.</summary>
[MemoryPackable]
public sealed partial record ClusteringEvaluationStep(float[] Centers, int K, int Dimension) : IPartitionStep<ClusteringEvaluationSummary>
{
    public ClusteringEvaluationSummary Run(Partition partition, StepContext context)
    {
        var sink = new Tally(new ClusteringEvaluationSummary(0, 0, partition.Labels is not null, []), partition.Labels);
        RowAssignment.Run(partition, Centers, K, Dimension, ref sink);
        return sink.Summary;
    }

    private readonly struct Tally(ClusteringEvaluationSummary summary, float[]? labels) : IRowAssignmentSink
    {
        public ClusteringEvaluationSummary Summary => summary;

        public void Assigned(int row, int cluster, double squaredDistance) => summary.Add(cluster, squaredDistance, labels?[row]);
    }
}

/// <summary>Inertia, row count and the contingency table of clusters against labels; merging adds.</summary>
[MemoryPackable]
public sealed partial class ClusteringEvaluationSummary : Summary<ClusteringEvaluationSummary>
{
    [MemoryPackConstructor]
    public ClusteringEvaluationSummary(double inertia, long count, bool hasLabels, Dictionary<long, long> contingency)
    {
        Inertia = inertia;
        Count = count;
        HasLabels = hasLabels;
        Contingency = contingency;
    }

    public double Inertia { get; private set; }

    public long Count { get; private set; }

    public bool HasLabels { get; private set; }

    /// <summary>Key: cluster in the high 32 bits, the label's float bits in the low 32.</summary>
    public Dictionary<long, long> Contingency { get; }

    public void Add(int cluster, double squaredDistance, float? label)
    {
        Inertia += squaredDistance;
        Count++;
        if (label is { } value)
        {
            var key = ((long)cluster << 32) | (uint)BitConverter.SingleToInt32Bits(value);
            Contingency[key] = Contingency.GetValueOrDefault(key) + 1;
        }
    }

    public override ClusteringEvaluationSummary Merge(ClusteringEvaluationSummary higher)
    {
        Inertia += higher.Inertia;
        Count += higher.Count;
        HasLabels &= higher.HasLabels;
        foreach (var (key, count) in higher.Contingency)
        {
            Contingency[key] = Contingency.GetValueOrDefault(key) + count;
        }

        return this;
    }

    public IReadOnlyDictionary<string, double> Metrics()
    {
        var metrics = new Dictionary<string, double> { ["inertia"] = Inertia, ["rows"] = Count };
        if (HasLabels && Count > 0)
        {
            metrics["adjusted_rand_index"] = Core.Metrics.AdjustedRandIndex.FromContingency(
                Contingency.Select(c => ((int)(c.Key >> 32), c.Key & 0xFFFFFFFFL, c.Value)));
        }

        return metrics;
    }
}
