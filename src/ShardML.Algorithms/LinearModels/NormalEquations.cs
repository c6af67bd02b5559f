using MemoryPack;
using ShardML.Algorithms.Common;
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
/// <para>
/// As sums (<see cref="IAdditiveSummary"/>) it is the raw moments n, Σx, Σy, the upper triangle of Σxxᵀ, Σxy and Σy²,
/// from which the total's centered moments are C = Σxxᵀ − Σx·x̄ᵀ and so on: this subtracts two large numbers, so where
/// a feature's mean is large next to its spread the total's moments lose about log₁₀(x̄²/σ²) digits. A diagonal entry
/// below 10⁻¹² of its raw sum is indistinguishable from rounding and is set to 0, so such a feature is reported
/// constant rather than solved with noise.
/// </para>
/// </remarks>
[MemoryPackable]
public sealed partial class NormalEquations : Summary<NormalEquations>, IAdditiveSummary
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

    /// <summary>n, Σx (d), Σy, Σxxᵀ's upper triangle by rows (d(d+1)/2), Σxy (d), Σy².</summary>
    [MemoryPackIgnore]
    public int SumLength => 3 + (2 * FeatureMeans.Length) + Triangle(FeatureMeans.Length);

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        var d = FeatureMeans.Length;
        double n = Count;
        destination[0] = n;
        var at = 1;
        for (var i = 0; i < d; i++)
        {
            destination[at++] = n * FeatureMeans[i];
        }

        destination[at++] = n * LabelMean;
        for (var i = 0; i < d; i++)
        {
            for (var j = i; j < d; j++)
            {
                destination[at++] = Comoments[(i * d) + j] + (n * FeatureMeans[i] * FeatureMeans[j]);
            }
        }

        for (var i = 0; i < d; i++)
        {
            destination[at++] = CrossComoments[i] + (n * FeatureMeans[i] * LabelMean);
        }

        destination[at] = LabelComoment + (n * LabelMean * LabelMean);
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        var d = FeatureMeans.Length;
        var count = SummarySums.Count(totals[0]);
        var result = new NormalEquations(count, new double[d], 0, new double[d * d], new double[d], 0);
        if (count == 0)
        {
            return result;
        }

        var sumX = totals.Slice(1, d);
        var sumY = totals[1 + d];
        for (var i = 0; i < d; i++)
        {
            result.FeatureMeans[i] = sumX[i] / count;
        }

        result.LabelMean = sumY / count;
        var at = 2 + d;
        for (var i = 0; i < d; i++)
        {
            for (var j = i; j < d; j++)
            {
                var raw = totals[at++];
                var centered = raw - (sumX[i] * result.FeatureMeans[j]);
                result.Comoments[(i * d) + j] = i == j && centered <= 1e-12 * Math.Abs(raw) ? 0 : centered;
            }
        }

        MirrorUpperTriangle(result.Comoments, d);
        for (var i = 0; i < d; i++)
        {
            result.CrossComoments[i] = totals[at++] - (sumX[i] * result.LabelMean);
        }

        result.LabelComoment = Math.Max(0, totals[at] - (sumY * result.LabelMean));
        return result;
    }

    private static int Triangle(int d) => d * (d + 1) / 2;

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
