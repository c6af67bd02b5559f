using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Privacy;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// One DP-SGD step on a partition: the rows that Poisson sampling selects at step t (<see cref="PoissonSampler"/>, by
/// global row number), each row's gradient over all outputs clipped to norm C in the solver's coordinates, summed. The
/// sum is returned in raw coordinates (Σ fᵢ ℓ′ᵢ xᵢ and Σ fᵢ ℓ′ᵢ per output, with fᵢ = min(1, C/‖gᵢ‖) the row's clip
/// factor), which map linearly to the solver's coordinates on the driver, where the noise is added once. A row's norm
/// in standardized coordinates is ‖g‖² = Σ_c ℓ′_c² (Σⱼ ((xⱼ − μⱼ)/σⱼ)² + 1). Cost: O(q·n·m·nnz) per partition plus
/// O(n / 4096) for the sampling. No row's gradient leaves the partition unclipped. A multinomial model's ℓ′_c are
/// p_c − [c = y]: the row's whole k × (d + 1) gradient is clipped as one vector, as for one-vs-rest.
/// With distributed noise (<see cref="NoiseShare"/> &gt; 0) the partition also adds its share of the noise, N(0, s²) per
/// coordinate of the solver's coordinates, mapped to raw ones as the driver maps the sums back, so the sum of P shares
/// of deviation σC/√P is the N(0, σ²C²I) the driver would have added. The share is drawn on every run, also when no row
/// was sampled, and leaves the partition only inside secure aggregation's masked total.
/// </summary>
/// <param name="Coefficients">m × (d + 1) on raw features.</param>
/// <param name="Dimension">d.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Encoding">How labels become the outputs' targets.</param>
/// <param name="Seed">The job's seed, for the sampling.</param>
/// <param name="Step">t.</param>
/// <param name="SampleRate">q.</param>
/// <param name="ClipNorm">C.</param>
/// <param name="Mean">μ of the solver's coordinates (zeros without standardization).</param>
/// <param name="InverseScale">1/σ of the solver's coordinates (ones without standardization).</param>
[MemoryPackable]
public sealed partial record DpSgdStep(
    double[] Coefficients, int Dimension, LossKind Loss, LabelEncoding Encoding, ulong Seed, long Step, double SampleRate, double ClipNorm, double[] Mean, double[] InverseScale)
    : IPartitionStep<LossGradient>
{
    /// <summary>s, the deviation of this partition's share of the noise in the solver's coordinates; 0 adds none (the driver does).</summary>
    public double NoiseShare { get; init; }

    /// <summary>For tests only: the seed of the shares' noise, keyed by step and partition; null draws from the OS's cryptographic generator.</summary>
    public ulong? NoiseTestSeed { get; init; }

    public LossGradient Run(Partition partition, StepContext context)
    {
        var result = new LossGradient(Encoding.Outputs, Dimension);
        var rows = PoissonSampler.Sample(Seed, Step, SampleRate, context.FirstRow, partition.RowCount);
        if (rows.Count > 0)
        {
            switch (Loss)
            {
                case LossKind.Squared:
                    Accumulate<SquaredLoss>(partition, rows, result);
                    break;
                case LossKind.Logistic:
                    Accumulate<LogisticLoss>(partition, rows, result);
                    break;
                default:
                    Accumulate<HingeLoss>(partition, rows, result);
                    break;
            }
        }

        if (NoiseShare > 0)
        {
            AddNoiseShare(result.Gradient, context.PartitionIndex);
        }

        return result;
    }

    /// <summary>
    /// Adds z ~ N(0, s²I) in the solver's coordinates, as raw sums: the driver's map g_j = (G_j − μ_j G_b)/σ_j, g_b = G_b
    /// sends N_j = σ_j z_j + μ_j z_b and N_b = z_b to exactly z (up to rounding).
    /// </summary>
    private void AddNoiseShare(double[] gradient, int partitionIndex)
    {
        var noise = new double[gradient.Length];
        new NoiseSource(NoiseTestSeed).Gaussian(noise, NoiseShare, ShareStream(Step, partitionIndex));
        var stride = Dimension + 1;
        for (var at = 0; at < gradient.Length; at += stride)
        {
            var intercept = noise[at + Dimension];
            for (var j = 0; j < Dimension; j++)
            {
                gradient[at + j] += (noise[at + j] / InverseScale[j]) + (Mean[j] * intercept);
            }

            gradient[at + Dimension] += intercept;
        }
    }

    /// <summary>A test seed's stream for (step, partition): distinct for every pair below 2³¹ partitions.</summary>
    internal static long ShareStream(long step, int partitionIndex) => unchecked((step << 32) | (uint)partitionIndex);

    private void Accumulate<TLoss>(Partition partition, List<int> rows, LossGradient into)
        where TLoss : struct, ILoss
    {
        var labels = Encoding.Bind(partition);
        var m = Encoding.Outputs;
        var stride = Dimension + 1;
        Span<double> scores = stackalloc double[Math.Min(m, 64)];
        var derivatives = m <= 64 ? scores : new double[m];
        var gradient = into.Gradient.AsSpan();
        foreach (var i in rows)
        {
            LinearDecision.Scores(partition, i, Coefficients, Dimension, derivatives);
            if (labels.Multinomial)
            {
                SoftmaxCrossEntropy.ToDerivatives(derivatives, labels.ClassOf(i));
            }

            double derivativeSquares = 0;
            for (var c = 0; c < m; c++)
            {
                if (!labels.Multinomial)
                {
                    derivatives[c] = TLoss.Derivative(labels.Target(i, c), derivatives[c]);
                }

                derivativeSquares += derivatives[c] * derivatives[c];
            }

            var norm = Math.Sqrt(derivativeSquares * (RowSquares(partition, i) + 1));
            var factor = norm > ClipNorm ? ClipNorm / norm : 1;
            for (var c = 0; c < m; c++)
            {
                var r = factor * derivatives[c];
                if (r == 0)
                {
                    continue;
                }

                var at = c * stride;
                if (partition.Dense is { } dense)
                {
                    WideningKernels.AddScaled(gradient.Slice(at, Dimension), r, dense.Row(i));
                }
                else
                {
                    SparseKernels.AddScaled(gradient.Slice(at, Dimension), r, partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i));
                }

                gradient[at + Dimension] += r;
            }
        }

        into.Count += rows.Count;
    }

    /// <summary>Σⱼ ((xⱼ − μⱼ)/σⱼ)², the row's squared norm in the solver's coordinates. Sparse data is never centered.</summary>
    private double RowSquares(Partition partition, int row)
    {
        double sum = 0;
        if (partition.Dense is { } dense)
        {
            var x = dense.Row(row);
            for (var j = 0; j < Dimension; j++)
            {
                var v = (x[j] - Mean[j]) * InverseScale[j];
                sum += v * v;
            }
        }
        else
        {
            var indices = partition.Sparse!.RowIndices(row);
            var values = partition.Sparse.RowValues(row);
            for (var e = 0; e < indices.Length; e++)
            {
                var v = values[e] * InverseScale[indices[e]];
                sum += v * v;
            }
        }

        return sum;
    }
}
