using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// H steps of mini-batch SGD on this partition's own rows, starting from the broadcast coefficients (local SGD,
/// Stich 2019; "model averaging", Zinkevich et al. 2010, McMahan et al. 2017). Local step h is global step
/// t = <c>FirstStep</c> + h: it samples this partition's share b_p of a B-row batch exactly as
/// <see cref="MiniBatchGradientStep"/> would at step t, computes every sampled row's loss derivative at the current
/// weights, then applies <c>w ← (1 − η_t λ₂) w − (η_t / b_p) Σ ℓ′ x</c> to a <see cref="ScaledVector"/> per output,
/// so the shrink is O(1) and the update O(b_p · nnz) — never O(d) per step. It returns b_p times its final
/// coefficients; the driver divides the sum by B, so with H = 1 a round is exactly a synchronous mini-batch step
/// (Σ_p (b_p/B)(w − η g_p/b_p) = w − η Σ g_p / B). The L1 part is left to the driver (see
/// <see cref="LocalSgdSolver"/>). With standardization the steps are taken in standardized coordinates on raw weights
/// and raw rows (<see cref="StandardizedCoordinates"/>).
/// </summary>
/// <param name="Coefficients">m × (d + 1), raw.</param>
/// <param name="Dimension">d.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Encoding">How labels become targets.</param>
/// <param name="Rate">The step-size schedule (with λ₂).</param>
/// <param name="BatchSizes">Each partition's share of a batch.</param>
/// <param name="LocalSteps">H.</param>
/// <param name="Seed">The job's seed.</param>
/// <param name="FirstStep">The global step count t of the first local step.</param>
/// <param name="Coordinates">The standardized coordinates to step in, or null for raw features.</param>
[MemoryPackable]
public sealed partial record LocalSgdStep(
    double[] Coefficients, int Dimension, LossKind Loss, LabelEncoding Encoding, LearningRate Rate, int[] BatchSizes, int LocalSteps, ulong Seed, long FirstStep, StandardizedCoordinates? Coordinates)
    : IPartitionStep<LocalModelSum>
{
    public LocalModelSum Run(Partition partition, StepContext context)
    {
        var m = Encoding.Outputs;
        var stride = Dimension + 1;
        var batch = BatchSizes[context.PartitionIndex];
        var result = new LocalModelSum(0, new double[m * stride], 0, 0);
        if (batch == 0)
        {
            return result;
        }

        var labels = Encoding.Bind(partition);
        Coordinates?.CheckFits(partition);
        var model = new LocalModel(m);
        for (var c = 0; c < m; c++)
        {
            model.Weights[c] = new ScaledVector(Coefficients.AsSpan(c * stride, Dimension));
            model.Offsets[c] = Coordinates is null ? 0 : model.Weights[c].Dot(Coordinates.Mean);
            model.Intercepts[c] = Coefficients[(c * stride) + Dimension] + model.Offsets[c];
        }

        var derivatives = new double[batch * m];
        double loss = 0;
        for (var h = 0; h < LocalSteps; h++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var step = FirstStep + h;
            var rows = MiniBatchSampler.Sample(batch, partition.RowCount, Seed, step, context.PartitionIndex);
            loss += Loss switch
            {
                LossKind.Squared => Derivatives<SquaredLoss>(partition, labels, rows, model, derivatives),
                LossKind.Logistic => Derivatives<LogisticLoss>(partition, labels, rows, model, derivatives),
                _ => Derivatives<HingeLoss>(partition, labels, rows, model, derivatives),
            };
            Apply(partition, rows, Rate.At(step), model, derivatives);
        }

        var target = result.WeightedCoefficients.AsSpan();
        for (var c = 0; c < m; c++)
        {
            var at = c * stride;
            model.Weights[c].CopyTo(target.Slice(at, Dimension));
            target[at + Dimension] = model.Intercepts[c] - model.Offsets[c]; // back to the raw intercept
        }

        for (var j = 0; j < target.Length; j++)
        {
            target[j] *= batch;
        }

        return new LocalModelSum(batch, result.WeightedCoefficients, loss, (long)batch * LocalSteps);
    }

    /// <summary>ℓ′ of every sampled row and output at the current weights (mini-batch semantics: all before any update); returns Σ ℓ.</summary>
    private static double Derivatives<TLoss>(Partition partition, BoundLabels labels, int[] rows, LocalModel model, double[] derivatives)
        where TLoss : struct, ILoss
    {
        var m = model.Weights.Length;
        double loss = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var i = rows[k];
            for (var c = 0; c < m; c++)
            {
                var dot = partition.Dense is { } dense
                    ? model.Weights[c].Dot(dense.Row(i))
                    : model.Weights[c].Dot(partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i));
                var z = dot - model.Offsets[c] + model.Intercepts[c];
                var y = labels.Target(i, c);
                loss += TLoss.Value(y, z);
                derivatives[(k * m) + c] = TLoss.Derivative(y, z);
            }
        }

        return loss;
    }

    /// <summary>w ← (1 − ηλ₂) w (O(1)), then w −= (η/b) ℓ′ x row by row (O(nnz)), and b −= (η/b) Σ ℓ′.</summary>
    private void Apply(Partition partition, int[] rows, double rate, LocalModel model, double[] derivatives)
    {
        var m = model.Weights.Length;
        var scale = rate / rows.Length;
        var shrink = 1 - (rate * Rate.L2);
        for (var c = 0; c < m; c++)
        {
            model.Weights[c].Multiply(shrink);
            model.Offsets[c] *= shrink;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            var i = rows[k];
            for (var c = 0; c < m; c++)
            {
                var r = derivatives[(k * m) + c];
                if (r == 0)
                {
                    continue;
                }

                var weights = model.Weights[c];
                if (partition.Dense is { } dense)
                {
                    if (Coordinates is null)
                    {
                        weights.AddScaled(-scale * r, dense.Row(i));
                    }
                    else
                    {
                        model.Offsets[c] += weights.AddScaled(-scale * r, dense.Row(i), Coordinates.Mean, Coordinates.InverseVariance);
                    }
                }
                else if (Coordinates is null)
                {
                    weights.AddScaled(-scale * r, partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i));
                }
                else
                {
                    weights.AddScaled(-scale * r, partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i), Coordinates.InverseVariance);
                }

                model.Intercepts[c] -= scale * r;
            }
        }
    }

    /// <summary>
    /// The partition's working model: per output the weights u (lazily scaled), the intercept b′ in the step's
    /// coordinates, and the offset s = u·μ (0 without centering), so the score is u·x − s + b′.
    /// </summary>
    private sealed class LocalModel(int outputs)
    {
        public ScaledVector[] Weights { get; } = new ScaledVector[outputs];

        public double[] Intercepts { get; } = new double[outputs];

        public double[] Offsets { get; } = new double[outputs];
    }
}

/// <summary>Σ_p b_p · θ_p, Σ_p b_p, and the local steps' summed batch losses; merging adds.</summary>
[MemoryPackable]
public sealed partial class LocalModelSum : Summary<LocalModelSum>
{
    [MemoryPackConstructor]
    public LocalModelSum(long weight, double[] weightedCoefficients, double lossSum, long lossRows)
    {
        Weight = weight;
        WeightedCoefficients = weightedCoefficients;
        LossSum = lossSum;
        LossRows = lossRows;
    }

    /// <summary>Σ b_p: the batch size B.</summary>
    public long Weight { get; private set; }

    public double[] WeightedCoefficients { get; }

    /// <summary>Σ ℓ over every local step's batch, at the weights each step started from.</summary>
    public double LossSum { get; private set; }

    /// <summary>Rows behind <see cref="LossSum"/>.</summary>
    public long LossRows { get; private set; }

    public override LocalModelSum Merge(LocalModelSum higher)
    {
        Weight += higher.Weight;
        for (var j = 0; j < WeightedCoefficients.Length; j++)
        {
            WeightedCoefficients[j] += higher.WeightedCoefficients[j];
        }

        LossSum += higher.LossSum;
        LossRows += higher.LossRows;
        return this;
    }
}
