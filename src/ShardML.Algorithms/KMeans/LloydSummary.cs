using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What one Lloyd pass learns about a run of partitions: per-cluster coordinate sums (double) and counts, the
/// inertia (sum of squared distances to the nearest center), and the farthest rows. Merging adds; it is
/// associative and, for the sums, exact up to floating-point reordering.
/// </summary>
[MemoryPackable]
public sealed partial class LloydSummary : Summary<LloydSummary>
{
    [MemoryPackConstructor]
    public LloydSummary(double[] sums, long[] counts, double inertia, FarthestRows farthest)
    {
        Sums = sums;
        Counts = counts;
        Inertia = inertia;
        Farthest = farthest;
    }

    public double[] Sums { get; }

    public long[] Counts { get; }

    public double Inertia { get; set; }

    public FarthestRows Farthest { get; }

    /// <summary>Rows whose nearest center was searched for; the others kept theirs by a bound (<see cref="BoundedLloydStep"/>).</summary>
    public long SearchedRows { get; set; }

    public override LloydSummary Merge(LloydSummary higher)
    {
        for (var i = 0; i < Sums.Length; i++)
        {
            Sums[i] += higher.Sums[i];
        }

        for (var j = 0; j < Counts.Length; j++)
        {
            Counts[j] += higher.Counts[j];
        }

        Inertia += higher.Inertia;
        SearchedRows += higher.SearchedRows;
        Farthest.MergeFrom(higher.Farthest);
        return this;
    }
}
