using System.Globalization;
using MemoryPack;
using ShardML.Algorithms.KMeans;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>Inertia of a partition against fixed centers and, when rows are labelled, the cluster × label counts.</summary>
[MemoryPackable]
public sealed partial record ClusteringEvaluationStep(float[] Centers, int K, int Dimension) : IPartitionStep<ClusteringEvaluationSummary>
{
    public ClusteringEvaluationSummary Run(Partition partition, StepContext context)
    {
        // Class labels (text) arrive as codes local to the partition; the summary carries their names so merging
        // matches them by name. A name that is a number stands for that number, so "1", "1.0" and "+1" are one class.
        List<string>? names = null;
        int[]? codes = null;
        if (partition.LabelVocabulary is { } vocabulary)
        {
            names = [];
            codes = new int[vocabulary.Count];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < vocabulary.Count; i++)
            {
                var name = Canonical(vocabulary.Names[i]);
                if (!index.TryGetValue(name, out codes[i]))
                {
                    codes[i] = names.Count;
                    index[name] = names.Count;
                    names.Add(name);
                }
            }
        }

        var sink = new Tally(new ClusteringEvaluationSummary(0, 0, partition.Labels is not null, [], names), partition.Labels, codes);
        var inertia = RowAssignment.Run(partition, Centers, K, Dimension, ref sink);
        sink.Summary.AddInertia(inertia);
        return sink.Summary;
    }

    private static string Canonical(string name) =>
        float.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : name;

    private readonly struct Tally(ClusteringEvaluationSummary summary, float[]? labels, int[]? codes) : IRowAssignmentSink
    {
        public ClusteringEvaluationSummary Summary => summary;

        public void Assigned(int row, int cluster, double squaredDistance) =>
            summary.Add(cluster, labels is null ? null : codes is null ? labels[row] : codes[(int)labels[row]]);
    }
}

/// <summary>Inertia, row count and the contingency table of clusters against labels; merging adds.</summary>
/// <remarks>
/// As sums: the inertia and the row count only. The contingency table is keyed by the labels a partition holds, a set
/// no sum can carry, so under secure aggregation the adjusted Rand index is not reported.
/// </remarks>
[MemoryPackable]
public sealed partial class ClusteringEvaluationSummary : Summary<ClusteringEvaluationSummary>, IAdditiveSummary
{
    [MemoryPackConstructor]
    public ClusteringEvaluationSummary(double inertia, long count, bool hasLabels, Dictionary<long, long> contingency, List<string>? labelNames)
    {
        Inertia = inertia;
        Count = count;
        HasLabels = hasLabels;
        Contingency = contingency;
        LabelNames = labelNames;
    }

    public double Inertia { get; private set; }

    public long Count { get; private set; }

    public bool HasLabels { get; private set; }

    /// <summary>
    /// Key: cluster in the high 32 bits, in the low 32 the label's float bits, or for class labels its index in
    /// <see cref="LabelNames"/>.
    /// </summary>
    public Dictionary<long, long> Contingency { get; }

    /// <summary>The class labels' names by the codes <see cref="Contingency"/> uses; null when labels are numbers.</summary>
    public List<string>? LabelNames { get; }

    /// <summary>Adds the squared distances of rows added with <see cref="Add"/>, summed as the caller sums them (<see cref="RowAssignment.Run"/>).</summary>
    public void AddInertia(double squaredDistances) => Inertia += squaredDistances;

    /// <summary>Counts a row of <paramref name="cluster"/> and, when rows are labelled, its <paramref name="label"/>.</summary>
    public void Add(int cluster, float? label)
    {
        Count++;
        if (label is { } value)
        {
            var key = ((long)cluster << 32) | (LabelNames is null ? (uint)BitConverter.SingleToInt32Bits(value) : (uint)(int)value);
            Contingency[key] = Contingency.GetValueOrDefault(key) + 1;
        }
    }

    [MemoryPackIgnore]
    public int SumLength => 2;

    public void WriteSums(Span<double> destination)
    {
        Common.SummarySums.Check(destination.Length, SumLength);
        destination[0] = Inertia;
        destination[1] = Count;
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        Common.SummarySums.Check(totals.Length, SumLength);
        return new ClusteringEvaluationSummary(totals[0], Common.SummarySums.Count(totals[1]), hasLabels: false, [], null);
    }

    public override ClusteringEvaluationSummary Merge(ClusteringEvaluationSummary higher)
    {
        Inertia += higher.Inertia;
        Count += higher.Count;
        HasLabels &= higher.HasLabels;
        var codes = LabelNames is { } names && higher.LabelNames is { } others ? Recode(names, others) : null;
        if (LabelNames is { Count: > LabelVocabulary.MaximumCount })
        {
            // More classes than one partition may hold: what a partition alone would have set aside (an id, a
            // measurement) is set aside however the rows were partitioned, so the index never depends on it.
            HasLabels = false;
        }

        foreach (var (key, count) in higher.Contingency)
        {
            var merged = codes is null ? key : (key & ~0xFFFFFFFFL) | (uint)codes[(int)(key & 0xFFFFFFFFL)];
            Contingency[merged] = Contingency.GetValueOrDefault(merged) + count;
        }

        return this;
    }

    /// <summary>Each of <paramref name="others"/>' codes as a code in <paramref name="names"/>, which gains the names it lacked.</summary>
    private static int[] Recode(List<string> names, List<string> others)
    {
        var index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            index[names[i]] = i;
        }

        var codes = new int[others.Count];
        for (var i = 0; i < others.Count; i++)
        {
            if (!index.TryGetValue(others[i], out codes[i]))
            {
                codes[i] = names.Count;
                index[others[i]] = names.Count;
                names.Add(others[i]);
            }
        }

        return codes;
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
