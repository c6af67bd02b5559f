using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// A CoCoA+ round's result for a run of partitions: Σ_k w_k (the next w), and at the broadcast w the hinge sums and
/// dual sums per output, the rows, and how many partitions restarted from β = 0. Merging adds.
/// </summary>
[MemoryPackable]
public sealed partial class CocoaSummary : Summary<CocoaSummary>
{
    [MemoryPackConstructor]
    public CocoaSummary(double[] contributions, double[] hingeSums, double[] dualSums, long rows, int resets)
    {
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
        return this;
    }
}
