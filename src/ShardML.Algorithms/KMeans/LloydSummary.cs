using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What one Lloyd pass learns about a run of partitions: per-cluster coordinate sums (double) and counts, the
/// inertia (sum of squared distances to the nearest center), and the farthest rows. Merging adds; it is
/// associative and, for the sums, exact up to floating-point reordering.
/// </summary>
/// <remarks>
/// As sums (<see cref="IAdditiveSummary"/>): the k·d coordinate sums, the k counts, the inertia and the rows searched.
/// The farthest rows are rows and are not sums: under secure aggregation they stay on the silos, and a cluster left
/// empty keeps its center instead of being re-seeded.
/// </remarks>
[MemoryPackable]
public sealed partial class LloydSummary : Summary<LloydSummary>, IAdditiveSummary
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

    [MemoryPackIgnore]
    public int SumLength => Sums.Length + Counts.Length + 2;

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        Sums.CopyTo(destination);
        var at = Sums.Length;
        for (var j = 0; j < Counts.Length; j++)
        {
            destination[at++] = Counts[j];
        }

        destination[at++] = Inertia;
        destination[at] = SearchedRows;
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        var k = Counts.Length;
        var counts = new long[k];
        for (var j = 0; j < k; j++)
        {
            counts[j] = SummarySums.Count(totals[Sums.Length + j]);
        }

        return new LloydSummary(totals[..Sums.Length].ToArray(), counts, totals[^2], new FarthestRows(0))
        {
            SearchedRows = SummarySums.Count(totals[^1]),
        };
    }

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
