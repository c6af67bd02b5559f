using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What one <see cref="MultiStartLloydStep"/> learns about a run of partitions: for each of R starts, per-cluster
/// coordinate sums (double) and counts, and the start's inertia. All of it is sums, so merging adds and it passes
/// under secure aggregation.
/// </summary>
[MemoryPackable]
public sealed partial class MultiStartLloydSummary : Summary<MultiStartLloydSummary>, IAdditiveSummary
{
    [MemoryPackConstructor]
    public MultiStartLloydSummary(double[] sums, long[] counts, double[] inertias)
    {
        Sums = sums;
        Counts = counts;
        Inertias = inertias;
    }

    /// <summary>R × k × d sums, start after start.</summary>
    public double[] Sums { get; }

    /// <summary>R × k counts.</summary>
    public long[] Counts { get; }

    /// <summary>Each start's inertia: the sum of squared distances of the rows to that start's nearest center.</summary>
    public double[] Inertias { get; }

    [MemoryPackIgnore]
    public int SumLength => Sums.Length + Counts.Length + Inertias.Length;

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        Sums.CopyTo(destination);
        var at = Sums.Length;
        for (var j = 0; j < Counts.Length; j++)
        {
            destination[at++] = Counts[j];
        }

        Inertias.CopyTo(destination[at..]);
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        var counts = new long[Counts.Length];
        for (var j = 0; j < counts.Length; j++)
        {
            counts[j] = SummarySums.Count(totals[Sums.Length + j]);
        }

        return new MultiStartLloydSummary(totals[..Sums.Length].ToArray(), counts, totals[(Sums.Length + Counts.Length)..].ToArray());
    }

    public override MultiStartLloydSummary Merge(MultiStartLloydSummary higher)
    {
        for (var i = 0; i < Sums.Length; i++)
        {
            Sums[i] += higher.Sums[i];
        }

        for (var j = 0; j < Counts.Length; j++)
        {
            Counts[j] += higher.Counts[j];
        }

        for (var s = 0; s < Inertias.Length; s++)
        {
            Inertias[s] += higher.Inertias[s];
        }

        return this;
    }
}
