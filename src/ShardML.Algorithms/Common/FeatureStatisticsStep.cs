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
                var row = dense.Row(i);
                for (var j = 0; j < Dimension; j++)
                {
                    var deviation = row[j] - mean[j];
                    m2[j] += deviation * deviation;
                }
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
[MemoryPackable]
public sealed partial class FeatureStatistics : Summary<FeatureStatistics>
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
