using System.Runtime.CompilerServices;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// Per-feature mean and sum of squared deviations of a partition, computed exactly in two local sweeps (mean,
/// then deviations), and merged across partitions with Chan, Golub &amp; LeVeque's pairwise formula (1979), which
/// stays accurate when the mean is large next to the spread. Sparse rows count their implicit zeros.
/// </summary>
[MemoryPackable]
public sealed partial record FeatureStatisticsStep(int Dimension) : IPartitionStep<FeatureStatistics>
{
    // Run once per partition a job, too few calls for tiered compilation to promote it: compiled optimized at once, so
    // that its per-row kernels are inlined (at tier 0 a pass over 10⁶ dense rows took ~10× an L-BFGS evaluation).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FeatureStatistics Run(Partition partition, StepContext context)
    {
        var n = partition.RowCount;
        var mean = new double[Dimension];
        var m2 = new double[Dimension];
        if (n == 0)
        {
            return new FeatureStatistics(0, mean, m2);
        }

        if (partition.Dense is { } dense)
        {
            for (var i = 0; i < n; i++)
            {
                Core.Numerics.WideningKernels.Add(mean, dense.Row(i));
            }

            for (var j = 0; j < Dimension; j++)
            {
                mean[j] /= n;
            }

            for (var i = 0; i < n; i++)
            {
                Core.Numerics.WideningKernels.AddSquaredDeviations(m2, dense.Row(i), mean);
            }
        }
        else
        {
            var sparse = partition.Sparse!;
            var nonZeros = new long[Dimension];
            for (var k = 0; k < sparse.NonZeros; k++)
            {
                var j = sparse.Indices[k];
                if (j < Dimension)
                {
                    mean[j] += sparse.Values[k];
                    nonZeros[j]++;
                }
            }

            for (var j = 0; j < Dimension; j++)
            {
                mean[j] /= n;
                m2[j] = (n - nonZeros[j]) * mean[j] * mean[j];
            }

            for (var k = 0; k < sparse.NonZeros; k++)
            {
                var j = sparse.Indices[k];
                if (j < Dimension)
                {
                    var deviation = sparse.Values[k] - mean[j];
                    m2[j] += deviation * deviation;
                }
            }
        }

        return new FeatureStatistics(n, mean, m2);
    }
}

/// <summary>Count, per-feature mean and sum of squared deviations (M2) of a run of partitions.</summary>
/// <remarks>
/// As sums (<see cref="IAdditiveSummary"/>): n, Σx and Σx² per feature, from which the total's mean is Σx/n and its
/// M2 is Σx² − n·x̄². Unlike Chan's merge that subtracts two large numbers: where |x̄| is large next to the spread,
/// the M2 of a total has about log₁₀(x̄²/σ²) fewer correct digits (none at all beyond 10¹⁵) — the price of revealing
/// sums only, stated in docs/SECURITY.md.
/// </remarks>
[MemoryPackable]
public sealed partial class FeatureStatistics : Summary<FeatureStatistics>, IAdditiveSummary
{
    public FeatureStatistics(long count, double[] mean, double[] m2)
    {
        Count = count;
        Mean = mean;
        M2 = m2;
    }

    public long Count { get; private set; }

    public double[] Mean { get; }

    public double[] M2 { get; }

    /// <summary>Sample standard deviation (n − 1 in the denominator, as Spark's StandardScaler).</summary>
    public double StandardDeviation(int feature) => Count > 1 ? Math.Sqrt(M2[feature] / (Count - 1)) : 0;

    /// <summary>n, then Σx per feature, then Σx² per feature.</summary>
    [MemoryPackIgnore]
    public int SumLength => 1 + (2 * Mean.Length);

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        WriteRawSums(Count, Mean, M2, destination);
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        return FromRawSums(totals, Mean.Length);
    }

    /// <summary>Writes n, Σx = n·x̄ and Σx² = M2 + n·x̄² of one set of moments.</summary>
    internal static void WriteRawSums(long count, double[] mean, double[] m2, Span<double> destination)
    {
        var d = mean.Length;
        destination[0] = count;
        for (var j = 0; j < d; j++)
        {
            destination[1 + j] = count * mean[j];
            destination[1 + d + j] = m2[j] + (count * mean[j] * mean[j]);
        }
    }

    /// <summary>The moments of raw sums n, Σx, Σx² (<see cref="WriteRawSums"/>); M2 is clamped at 0 against rounding.</summary>
    internal static FeatureStatistics FromRawSums(ReadOnlySpan<double> totals, int d)
    {
        var count = SummarySums.Count(totals[0]);
        var mean = new double[d];
        var m2 = new double[d];
        for (var j = 0; j < d && count > 0; j++)
        {
            mean[j] = totals[1 + j] / count;
            m2[j] = Math.Max(0, totals[1 + d + j] - (totals[1 + j] * mean[j]));
        }

        return new FeatureStatistics(count, mean, m2);
    }

    public override FeatureStatistics Merge(FeatureStatistics higher)
    {
        if (higher.Count == 0)
        {
            return this;
        }

        var total = Count + higher.Count;
        for (var j = 0; j < Mean.Length; j++)
        {
            var delta = higher.Mean[j] - Mean[j];
            M2[j] += higher.M2[j] + (delta * delta * Count * higher.Count / total);
            Mean[j] += delta * higher.Count / total;
        }

        Count = total;
        return this;
    }
}
