using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Sums of a loss and its gradient over rows, per output, at fixed coefficients: Σ ℓ(yᵢ, zᵢ) and, in the
/// coefficients' layout (per output, d weights then the intercept), Σ ℓ′ᵢ xᵢ and Σ ℓ′ᵢ. Merging adds; it is
/// associative and, in the fixed merge tree, deterministic. A new sum's gradient is rented from
/// <see cref="SummaryArrays"/> (a mini-batch step on a 10⁵-feature model sums one per partition) and given back by
/// <see cref="Release"/>.
/// </summary>
[MemoryPackable]
public sealed partial class LossGradient : Summary<LossGradient>, IAdditiveSummary
{
    private int _released;

    [MemoryPackConstructor]
    public LossGradient(long count, double[] losses, double[] gradient)
    {
        Count = count;
        Losses = losses;
        Gradient = gradient;
    }

    public LossGradient(int outputs, int dimension)
        : this(0, new double[outputs], SummaryArrays.Rent(outputs * (dimension + 1)))
    {
    }

    /// <summary>Rows summed.</summary>
    public long Count { get; set; }

    /// <summary>Σ ℓ per output.</summary>
    public double[] Losses { get; }

    /// <summary>Per output: Σ ℓ′ x (d values), then Σ ℓ′ (the intercept's gradient).</summary>
    public double[] Gradient { get; }

    /// <summary>The count, the losses, then the gradient.</summary>
    [MemoryPackIgnore]
    public int SumLength => 1 + Losses.Length + Gradient.Length;

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        destination[0] = Count;
        Losses.CopyTo(destination[1..]);
        Gradient.CopyTo(destination[(1 + Losses.Length)..]);
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        var gradient = SummaryArrays.Rent(Gradient.Length);
        totals[(1 + Losses.Length)..].CopyTo(gradient);
        return new LossGradient(SummarySums.Count(totals[0]), totals.Slice(1, Losses.Length).ToArray(), gradient);
    }

    public override LossGradient Merge(LossGradient higher)
    {
        Count += higher.Count;
        for (var c = 0; c < Losses.Length; c++)
        {
            Losses[c] += higher.Losses[c];
        }

        DoubleKernels.Add(Gradient, higher.Gradient, Gradient); // 10⁵–10⁶ values a merge: vectorized, never at tier 0

        return this;
    }

    /// <summary>Gives the gradient back to the pool, once however often it is called.</summary>
    public override void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            SummaryArrays.Return(Gradient);
        }
    }
}
