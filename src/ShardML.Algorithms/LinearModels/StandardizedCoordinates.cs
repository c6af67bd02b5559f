using MemoryPack;
using ShardML.Core.Data;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// How a step that updates weights row by row (local SGD, dual coordinate ascent) works in standardized coordinates
/// x′ = (x − μ)/σ without transforming a row. It keeps raw weights u = w′/σ, the standardized intercept b′ and the
/// running offset s = u·μ, so the score is w′·x′ + b′ = u·x − s + b′, and a step w′ += a·x′ is u += a·D(x − μ) with
/// D = diag(1/σ²), which also tells how s changes (<see cref="Core.Numerics.WideningKernels.AddScaledCentered"/>).
/// A multiplicative shrink of w′ scales u and s alike, so Bottou's lazy scaling still applies. Sparse data is never
/// centered (μ = 0), which keeps its updates O(non-zeros).
/// </summary>
/// <param name="Mean">μ per feature (zeros for sparse data).</param>
/// <param name="InverseVariance">1/σ² per feature.</param>
[MemoryPackable]
public sealed partial record StandardizedCoordinates(double[] Mean, double[] InverseVariance)
{
    /// <summary>Throws when centering was asked of sparse rows, which it would densify.</summary>
    public void CheckFits(Partition partition)
    {
        if (partition.IsSparse && Array.Exists(Mean, m => m != 0))
        {
            throw new InvalidOperationException("sparse rows cannot be centered; standardize them by scaling only");
        }
    }

    /// <summary>u·μ.</summary>
    public double Offset(ReadOnlySpan<double> weights)
    {
        double sum = 0;
        for (var j = 0; j < Mean.Length; j++)
        {
            sum += weights[j] * Mean[j];
        }

        return sum;
    }
}
