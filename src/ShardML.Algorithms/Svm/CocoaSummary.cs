using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// A CoCoA+ round's result for a run of partitions: Σ_k w_k (the next w), and at the broadcast w the hinge sums and
/// dual sums per output, the rows, how many partitions restarted from β = 0, and the lineage of each partition's duals.
/// Merging adds, and appends the higher partitions' lineages after the lower's.
/// </summary>
[MemoryPackable]
public sealed partial class CocoaSummary : Summary<CocoaSummary>
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

    public override CocoaSummary Merge(CocoaSummary higher)
    {
        for (var j = 0; j < Contributions.Length; j++)
        {
            Contributions[j] += higher.Contributions[j];
        }

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
