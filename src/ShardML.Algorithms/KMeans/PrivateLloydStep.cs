using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// One Lloyd step for DP-Lloyd: each row clamped into the public bounds, assigned to its nearest center (exact squared
/// distances in double, ties to the lowest index), and added to its cluster's sum and count. Clamping bounds one row's
/// share: its cluster's sum moves by at most Σⱼ max(|lowerⱼ|, |upperⱼ|) in L1 and one count by 1, the sensitivities the
/// driver's Laplace noise is calibrated to. Nothing else leaves the partition — no inertia, no farthest rows. Cost: k·d
/// per row.
/// </summary>
/// <param name="Centers">k × d, row-major.</param>
/// <param name="K">k.</param>
/// <param name="Lower">Each feature's public lower bound.</param>
/// <param name="Upper">Each feature's public upper bound.</param>
[MemoryPackable]
public sealed partial record PrivateLloydStep(float[] Centers, int K, double[] Lower, double[] Upper) : IPartitionStep<PrivateClusterSums>
{
    public PrivateClusterSums Run(Partition partition, StepContext context)
    {
        var d = Lower.Length;
        var sums = new double[K * d];
        var counts = new long[K];
        var x = new double[d];
        for (var i = 0; i < partition.RowCount; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            Array.Clear(x);
            if (partition.Dense is { } dense)
            {
                var row = dense.Row(i);
                for (var j = 0; j < d; j++)
                {
                    x[j] = row[j];
                }
            }
            else
            {
                var indices = partition.Sparse!.RowIndices(i);
                var values = partition.Sparse.RowValues(i);
                for (var e = 0; e < indices.Length; e++)
                {
                    x[indices[e]] = values[e];
                }
            }

            for (var j = 0; j < d; j++)
            {
                x[j] = Math.Clamp(x[j], Lower[j], Upper[j]);
            }

            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < K; c++)
            {
                double distance = 0;
                for (var j = 0; j < d; j++)
                {
                    var delta = x[j] - Centers[(c * d) + j];
                    distance += delta * delta;
                }

                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }

            counts[best]++;
            for (var j = 0; j < d; j++)
            {
                sums[(best * d) + j] += x[j];
            }
        }

        return new PrivateClusterSums(sums, counts);
    }
}

/// <summary>Per-cluster sums of clamped rows and counts; merging adds.</summary>
[MemoryPackable]
public sealed partial class PrivateClusterSums : Summary<PrivateClusterSums>
{
    public PrivateClusterSums(double[] sums, long[] counts)
    {
        Sums = sums;
        Counts = counts;
    }

    public double[] Sums { get; }

    public long[] Counts { get; }

    public override PrivateClusterSums Merge(PrivateClusterSums higher)
    {
        for (var j = 0; j < Sums.Length; j++)
        {
            Sums[j] += higher.Sums[j];
        }

        for (var c = 0; c < Counts.Length; c++)
        {
            Counts[c] += higher.Counts[c];
        }

        return this;
    }
}
