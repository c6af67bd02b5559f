using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// A CoCoA+ round's result for a run of partitions: Σ_k w_k (the next w), and at the broadcast w the hinge sums and
/// dual sums per output, the rows, how many partitions restarted from β = 0, and the lineage of each partition's duals.
/// Merging adds, and appends the higher partitions' lineages after the lower's.
/// </summary>
/// <remarks>
/// As sums (<see cref="IAdditiveSummary"/>): w's shares, the hinge and dual sums, the rows and the resets, then one slot
/// per partition of the dataset holding its lineage's origin plus one (0 for none): each partition fills its own slot, so
/// the slots add up to the lineages, which say how often duals restarted and nothing of the data.
/// </remarks>
[MemoryPackable]
public sealed partial class CocoaSummary : Summary<CocoaSummary>, IAdditiveSummary
{
    [MemoryPackConstructor]
    public CocoaSummary(double[] contributions, double[] hingeSums, double[] dualSums, long rows, int resets, List<CocoaLineage> lineages)
    {
        Lineages = lineages;
        Contributions = contributions;
        HingeSums = hingeSums;
        DualSums = dualSums;
        Rows = rows;
        Resets = resets;
    }

    public double[] Contributions { get; }

    /// <summary>Σ max(0, 1 − yᵢ w·x̃ᵢ) per output at the broadcast w.</summary>
    public double[] HingeSums { get; }

    /// <summary>Σ βᵢ per output, the duals held when the round started.</summary>
    public double[] DualSums { get; }

    public long Rows { get; private set; }

    /// <summary>Partitions whose dual state was missing or stale and restarted from β = 0.</summary>
    public int Resets { get; set; }

    /// <summary>
    /// Of every partition with rows, in partition order, the lineage of the duals it holds after the round: the ones
    /// <see cref="Contributions"/> is the w of, which the next round may continue from (see <see cref="CocoaLineage"/>).
    /// </summary>
    public List<CocoaLineage> Lineages { get; }

    /// <summary>How many partitions the dataset has: the lineage slots of <see cref="WriteSums"/>.</summary>
    public int PartitionCount { get; set; }

    [MemoryPackIgnore]
    public int SumLength => Contributions.Length + (2 * HingeSums.Length) + 2 + PartitionCount;

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        destination.Clear();
        Contributions.CopyTo(destination);
        var at = Contributions.Length;
        HingeSums.CopyTo(destination[at..]);
        DualSums.CopyTo(destination[(at + HingeSums.Length)..]);
        at += 2 * HingeSums.Length;
        destination[at++] = Rows;
        destination[at++] = Resets;
        foreach (var lineage in Lineages)
        {
            destination[at + lineage.Partition] = lineage.Origin + 1.0;
        }
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        var m = HingeSums.Length;
        var at = Contributions.Length;
        var lineages = new List<CocoaLineage>();
        var slots = totals[(at + (2 * m) + 2)..];
        for (var p = 0; p < slots.Length; p++)
        {
            if (SummarySums.Count(slots[p]) is > 0 and var slot)
            {
                lineages.Add(new CocoaLineage(p, (int)slot - 1));
            }
        }

        return new CocoaSummary(
            totals[..at].ToArray(),
            totals.Slice(at, m).ToArray(),
            totals.Slice(at + m, m).ToArray(),
            SummarySums.Count(totals[at + (2 * m)]),
            (int)SummarySums.Count(totals[at + (2 * m) + 1]),
            lineages)
        {
            PartitionCount = PartitionCount,
        };
    }

    public override CocoaSummary Merge(CocoaSummary higher)
    {
        DoubleKernels.Add(Contributions, higher.Contributions, Contributions); // model-length: vectorized, never at tier 0

        for (var c = 0; c < HingeSums.Length; c++)
        {
            HingeSums[c] += higher.HingeSums[c];
            DualSums[c] += higher.DualSums[c];
        }

        Rows += higher.Rows;
        Resets += higher.Resets;
        Lineages.AddRange(higher.Lineages);
        return this;
    }
}
