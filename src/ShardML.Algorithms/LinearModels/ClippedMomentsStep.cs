using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The sufficient statistics of least squares over a partition, for the noisy normal equations: each row mapped into
/// [−1, 1] by public bounds, x′ⱼ = clamp((xⱼ − midⱼ)/halfⱼ, −1, 1), with a constant 1 appended for the intercept, and its
/// label likewise y′ = clamp((y − mid)/half, −1, 1); returns Σ x′x′ᵀ (the upper triangle is enough, all of it is summed)
/// and Σ x′y′. Clamping bounds one row's share: ‖x′x′ᵀ‖_F ≤ d + 1 and ‖x′y′‖ ≤ √(d + 1), the sensitivities the noise is
/// calibrated to. Cost: (d + 1)² multiply-adds per row, (d + 1)² doubles on the wire.
/// </summary>
/// <param name="Lower">Each feature's public lower bound.</param>
/// <param name="Upper">Each feature's public upper bound.</param>
/// <param name="LabelLower">The label's public lower bound.</param>
/// <param name="LabelUpper">The label's public upper bound.</param>
[MemoryPackable]
public sealed partial record ClippedMomentsStep(double[] Lower, double[] Upper, double LabelLower, double LabelUpper) : IPartitionStep<ClippedMoments>
{
    public ClippedMoments Run(Partition partition, StepContext context)
    {
        var d = Lower.Length;
        var k = d + 1;
        var result = new ClippedMoments(new double[k * k], new double[k]);
        var labels = partition.Labels ?? throw new InvalidOperationException("linear regression needs a label column");
        var x = new double[k];
        x[d] = 1;
        for (var i = 0; i < partition.RowCount; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            Array.Fill(x, 0, 0, d);
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
                x[j] = Scaled(x[j], Lower[j], Upper[j]);
            }

            var y = Scaled(labels[i], LabelLower, LabelUpper);
            for (var a = 0; a < k; a++)
            {
                var row = result.Products.AsSpan(a * k, k);
                for (var b = a; b < k; b++)
                {
                    row[b] += x[a] * x[b];
                }

                result.Cross[a] += x[a] * y;
            }
        }

        return result;
    }

    private static double Scaled(double value, double lower, double upper)
    {
        var half = (upper - lower) / 2;
        return Math.Clamp((value - (lower + half)) / half, -1, 1);
    }
}

/// <summary>Σ x′x′ᵀ (upper triangle, row-major (d + 1)²) and Σ x′y′ of clipped rows; merging adds.</summary>
[MemoryPackable]
public sealed partial class ClippedMoments : Summary<ClippedMoments>
{
    public ClippedMoments(double[] products, double[] cross)
    {
        Products = products;
        Cross = cross;
    }

    public double[] Products { get; }

    public double[] Cross { get; }

    public override ClippedMoments Merge(ClippedMoments higher)
    {
        for (var j = 0; j < Products.Length; j++)
        {
            Products[j] += higher.Products[j];
        }

        for (var j = 0; j < Cross.Length; j++)
        {
            Cross[j] += higher.Cross[j];
        }

        return this;
    }
}
