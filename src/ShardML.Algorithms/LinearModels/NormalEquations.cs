using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The centered moments of a run of partitions: n, x̄, ȳ, C = Σ(x − x̄)(x − x̄)ᵀ (row-major d × d),
/// c = Σ(x − x̄)(y − ȳ) and Σ(y − ȳ)². The least-squares weights solve C w = c, and the intercept is ȳ − w·x̄.
/// </summary>
/// <remarks>
/// Merging is the pairwise update of Chan, Golub and LeVeque (1979): with δ = x̄_B − x̄_A and n = n_A + n_B,
/// x̄ = x̄_A + δ·n_B/n and C = C_A + C_B + δδᵀ·n_A·n_B/n (and likewise for the cross and label terms). It never
/// subtracts two large sums, so the result does not depend on the partitioning beyond rounding.
/// </remarks>
[MemoryPackable]
public sealed partial class NormalEquations : Summary<NormalEquations>
{
    public NormalEquations(long count, double[] featureMeans, double labelMean, double[] comoments, double[] crossComoments, double labelComoment)
    {
        Count = count;
        FeatureMeans = featureMeans;
        LabelMean = labelMean;
        Comoments = comoments;
        CrossComoments = crossComoments;
        LabelComoment = labelComoment;
    }

    public long Count { get; set; }

    /// <summary>x̄.</summary>
    public double[] FeatureMeans { get; }

    /// <summary>ȳ.</summary>
    public double LabelMean { get; set; }

    /// <summary>Σ(x − x̄)(x − x̄)ᵀ, row-major d × d, symmetric.</summary>
    public double[] Comoments { get; }

    /// <summary>Σ(x − x̄)(y − ȳ).</summary>
    public double[] CrossComoments { get; }

    /// <summary>Σ(y − ȳ)².</summary>
    public double LabelComoment { get; set; }

    public override NormalEquations Merge(NormalEquations higher)
    {
        if (higher.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return higher;
        }

        var d = FeatureMeans.Length;
        var total = (double)(Count + higher.Count);
        var weight = Count * (double)higher.Count / total;
        var share = higher.Count / total;
        var delta = new double[d];
        for (var j = 0; j < d; j++)
        {
            delta[j] = higher.FeatureMeans[j] - FeatureMeans[j];
        }

        var labelDelta = higher.LabelMean - LabelMean;
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                Comoments[(i * d) + j] += higher.Comoments[(i * d) + j] + (weight * delta[i] * delta[j]);
            }

            CrossComoments[i] += higher.CrossComoments[i] + (weight * delta[i] * labelDelta);
            FeatureMeans[i] += delta[i] * share;
        }

        LabelComoment += higher.LabelComoment + (weight * labelDelta * labelDelta);
        LabelMean += labelDelta * share;
        Count += higher.Count;
        return this;
    }

    /// <summary>Copies the upper triangle of a row-major d × d matrix onto the lower one.</summary>
    internal static void MirrorUpperTriangle(double[] matrix, int d)
    {
        for (var i = 0; i < d; i++)
        {
            for (var j = i + 1; j < d; j++)
            {
                matrix[(j * d) + i] = matrix[(i * d) + j];
            }
        }
    }
}
