using System.Runtime.CompilerServices;
using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

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
/// and raw rows (<see cref="StandardizedCoordinates"/>). The steps' batches are drawn a few steps ahead and their rows
/// prefetched (<see cref="BatchPipeline"/>); nothing is allocated per step. A multinomial model's row derivatives are
/// p_c − [c = y] over its k scores (<see cref="SoftmaxCrossEntropy"/>), written into the same per-step buffer.
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
/// <param name="Order">How each step's rows are picked: uniformly (then exactly as the synchronous step would), or by a walk of shuffled blocks.</param>
[MemoryPackable]
public sealed partial record LocalSgdStep(
    double[] Coefficients, int Dimension, LossKind Loss, LabelEncoding Encoding, LearningRate Rate, int[] BatchSizes, int LocalSteps, ulong Seed, long FirstStep, StandardizedCoordinates? Coordinates,
    RowOrder Order = RowOrder.Uniform)
    : IPartitionStep<LocalModelSum>
{
    public LocalModelSum Run(Partition partition, StepContext context)
    {
        var m = Encoding.Outputs;
        var stride = Dimension + 1;
        var batch = BatchSizes[context.PartitionIndex];
        var coefficients = SummaryArrays.Rent(m * stride);
        if (batch == 0)
        {
            return new LocalModelSum(0, coefficients, 0, 0);
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
        using var batches = new BatchPipeline(partition, batch, LocalSteps, Seed, FirstStep, context.PartitionIndex, Order);
        var loss = Loss switch
        {
            LossKind.Squared => Steps<SquaredLoss>(partition, labels, batches, model, derivatives, context.CancellationToken),
            LossKind.Logistic => Steps<LogisticLoss>(partition, labels, batches, model, derivatives, context.CancellationToken),
            _ => Steps<HingeLoss>(partition, labels, batches, model, derivatives, context.CancellationToken),
        };

        var target = coefficients.AsSpan();
        for (var c = 0; c < m; c++)
        {
            var at = c * stride;
            model.Weights[c].CopyTo(target.Slice(at, Dimension), batch);
            target[at + Dimension] = (model.Intercepts[c] - model.Offsets[c]) * batch; // back to the raw intercept
            model.Weights[c].Dispose();
        }

        return new LocalModelSum(batch, coefficients, loss, (long)batch * LocalSteps);
    }

    /// <summary>The H local steps; returns Σ over steps of each step's summed batch loss. Allocates nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a round calls it once: optimized from the first call, not after 30 rounds
    private double Steps<TLoss>(Partition partition, BoundLabels labels, BatchPipeline batches, LocalModel model, double[] derivatives, CancellationToken cancellationToken)
        where TLoss : struct, ILoss
    {
        if (partition.Dense is { } dense && Coordinates is null)
        {
            return DenseSteps<TLoss>(dense, labels, batches, model, derivatives, cancellationToken);
        }

        if (partition.Sparse is { } sparse && Coordinates is null && derivatives.Length == 1)
        {
            return RowSteps<TLoss, CsrRows, CsrRow>(new CsrRows(sparse), labels, batches, model, cancellationToken);
        }

        double loss = 0;
        for (var h = 0; h < LocalSteps; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = batches.Next(h);
            loss += Derivatives<TLoss>(partition, labels, rows, model, derivatives);
            Apply(partition, rows, Rate.At(FirstStep + h), model, derivatives);
        }

        return loss;
    }

    /// <summary>
    /// The steps on dense rows in raw coordinates, the common case, with the row and output loops hoisted out of the
    /// general <see cref="Derivatives{TLoss}"/> and <see cref="Apply"/>; the same operations in the same order, so the
    /// same bits. Per row: one dot and, when ℓ′ ≠ 0, one axpy on the lazily scaled weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a round calls it once: optimized from the first call, not after 30 rounds
    private double DenseSteps<TLoss>(DenseMatrix dense, BoundLabels labels, BatchPipeline batches, LocalModel model, double[] derivatives, CancellationToken cancellationToken)
        where TLoss : struct, ILoss
    {
        var m = model.Weights.Length;
        var weights = model.Weights;
        var offsets = model.Offsets;
        var intercepts = model.Intercepts;
        if (m == 1 && derivatives.Length == 1)
        {
            return RowSteps<TLoss, DenseRows, ReadOnlySpan<float>>(new DenseRows(dense), labels, batches, model, cancellationToken);
        }

        double loss = 0;
        for (var h = 0; h < LocalSteps; h++)
        {
            if ((h & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var rows = batches.Next(h);
            double stepLoss = 0;
            for (var k = 0; k < rows.Length; k++)
            {
                var i = rows[k];
                var x = dense.Row(i);
                if (labels.Multinomial)
                {
                    for (var c = 0; c < m; c++)
                    {
                        derivatives[(k * m) + c] = weights[c].Dot(x) - offsets[c] + intercepts[c];
                    }

                    stepLoss += SoftmaxCrossEntropy.ToDerivatives(derivatives.AsSpan(k * m, m), labels.ClassOf(i));
                    continue;
                }

                for (var c = 0; c < m; c++)
                {
                    var z = weights[c].Dot(x) - offsets[c] + intercepts[c];
                    var y = labels.Target(i, c);
                    stepLoss += TLoss.Value(y, z);
                    derivatives[(k * m) + c] = TLoss.Derivative(y, z);
                }
            }

            loss += stepLoss;
            var rate = Rate.At(FirstStep + h);
            var scale = rate / rows.Length;
            var shrink = 1 - (rate * Rate.L2);
            for (var c = 0; c < m; c++)
            {
                weights[c].Multiply(shrink);
                offsets[c] *= shrink;
            }

            for (var k = 0; k < rows.Length; k++)
            {
                var x = dense.Row(rows[k]);
                for (var c = 0; c < m; c++)
                {
                    var r = derivatives[(k * m) + c];
                    if (r != 0)
                    {
                        weights[c].AddScaled(-scale * r, x);
                        intercepts[c] -= scale * r;
                    }
                }
            }
        }

        return loss;
    }

    /// <summary>
    /// <see cref="DenseSteps{TLoss}"/> for one output and one row a step (plain SGD on a binary or regression problem),
    /// dense or CSR: the loops and the derivative buffer fall away; the same operations in the same order. O(|x|) a
    /// step on dense rows, O(non-zeros) on CSR rows. The layout is a struct type argument, so each is compiled apart
    /// with its row access and update inlined.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a round calls it once: optimized from the first call, not after 30 rounds
    private double RowSteps<TLoss, TLayout, TRow>(TLayout layout, BoundLabels labels, BatchPipeline batches, LocalModel model, CancellationToken cancellationToken)
        where TLoss : struct, ILoss
        where TLayout : struct, IRowLayout<TRow>
        where TRow : allows ref struct
    {
        var weights = model.Weights[0];
        var offset = model.Offsets[0];
        var intercept = model.Intercepts[0];
        var l2 = Rate.L2;
        double loss = 0;
        for (var h = 0; h < LocalSteps; h++)
        {
            if ((h & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var i = batches.Next(h)[0];
            var x = layout.Row(i);
            var z = layout.Dot(weights, x) - offset + intercept;
            var y = labels.Target(i, 0);
            loss += TLoss.Value(y, z);
            var r = TLoss.Derivative(y, z);
            var rate = Rate.At(FirstStep + h);
            var shrink = 1 - (rate * l2);
            weights.Multiply(shrink);
            offset *= shrink;
            layout.Step(weights, rate, r, x);
            if (r != 0)
            {
                intercept -= rate * r;
            }
        }

        model.Offsets[0] = offset;
        model.Intercepts[0] = intercept;
        return loss;
    }

    /// <summary>ℓ′ of every sampled row and output at the current weights (mini-batch semantics: all before any update); returns Σ ℓ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a round calls it once: optimized from the first call, not after 30 rounds
    private static double Derivatives<TLoss>(Partition partition, BoundLabels labels, ReadOnlySpan<int> rows, LocalModel model, double[] derivatives)
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
                if (labels.Multinomial)
                {
                    derivatives[(k * m) + c] = z; // the scores first: softmax couples the outputs
                    continue;
                }

                var y = labels.Target(i, c);
                loss += TLoss.Value(y, z);
                derivatives[(k * m) + c] = TLoss.Derivative(y, z);
            }

            if (labels.Multinomial)
            {
                loss += SoftmaxCrossEntropy.ToDerivatives(derivatives.AsSpan(k * m, m), labels.ClassOf(i));
            }
        }

        return loss;
    }

    /// <summary>w ← (1 − ηλ₂) w (O(1)), then w −= (η/b) ℓ′ x row by row (O(nnz)), and b −= (η/b) Σ ℓ′.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a round calls it once: optimized from the first call, not after 30 rounds
    private void Apply(Partition partition, ReadOnlySpan<int> rows, double rate, LocalModel model, double[] derivatives)
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

    /// <summary>How <see cref="RowSteps"/> reads a row and steps along it, for one storage layout.</summary>
    private interface IRowLayout<TRow>
        where TRow : allows ref struct
    {
        TRow Row(int index);

        double Dot(ScaledVector weights, TRow row);

        /// <summary>w ← w − η ℓ′ x; nothing when ℓ′ = 0.</summary>
        void Step(ScaledVector weights, double rate, double derivative, TRow row);
    }

    private readonly struct DenseRows(DenseMatrix dense) : IRowLayout<ReadOnlySpan<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<float> Row(int index) => dense.Row(index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Dot(ScaledVector weights, ReadOnlySpan<float> row) => weights.Dot(row);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step(ScaledVector weights, double rate, double derivative, ReadOnlySpan<float> row)
        {
            var unit = rate / weights.Scale; // off the dot → update chain: |−ηr / s| = η / s when |r| = 1 (the hinge loss), exactly
            if (derivative != 0)
            {
                weights.AddUnscaled(Math.Abs(derivative) == 1 ? -derivative * unit : -rate * derivative / weights.Scale, row);
            }
        }
    }

    private readonly struct CsrRows(SparseMatrix sparse) : IRowLayout<CsrRow>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public CsrRow Row(int index) => new(sparse.RowIndices(index), sparse.RowValues(index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Dot(ScaledVector weights, CsrRow row) => weights.Dot(row.Indices, row.Values);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step(ScaledVector weights, double rate, double derivative, CsrRow row)
        {
            if (derivative != 0)
            {
                weights.AddScaled(-rate * derivative, row.Indices, row.Values);
            }
        }
    }

    /// <summary>One CSR row's column indices and values, read once per step.</summary>
    private readonly ref struct CsrRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        public ReadOnlySpan<int> Indices { get; } = indices;

        public ReadOnlySpan<float> Values { get; } = values;
    }
}

/// <summary>
/// Σ_p b_p · θ_p, Σ_p b_p, and the local steps' summed batch losses; merging adds. The coefficients are rented from
/// <see cref="SummaryArrays"/> and given back by <see cref="Release"/>.
/// </summary>
[MemoryPackable]
public sealed partial class LocalModelSum : Summary<LocalModelSum>, IAdditiveSummary
{
    private int _released;

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

    /// <summary>B, the weighted coefficients, the loss sum and its rows.</summary>
    [MemoryPackIgnore]
    public int SumLength => WeightedCoefficients.Length + 3;

    public void WriteSums(Span<double> destination)
    {
        Common.SummarySums.Check(destination.Length, SumLength);
        destination[0] = Weight;
        WeightedCoefficients.CopyTo(destination[1..]);
        destination[^2] = LossSum;
        destination[^1] = LossRows;
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        Common.SummarySums.Check(totals.Length, SumLength);
        var coefficients = SummaryArrays.Rent(WeightedCoefficients.Length);
        totals.Slice(1, coefficients.Length).CopyTo(coefficients);
        return new LocalModelSum(Common.SummarySums.Count(totals[0]), coefficients, totals[^2], Common.SummarySums.Count(totals[^1]));
    }

    public override LocalModelSum Merge(LocalModelSum higher)
    {
        Weight += higher.Weight;
        DoubleKernels.Add(WeightedCoefficients, higher.WeightedCoefficients, WeightedCoefficients); // model-length: vectorized, never at tier 0

        LossSum += higher.LossSum;
        LossRows += higher.LossRows;
        return this;
    }

    /// <summary>Gives the coefficients back to the pool, once however often it is called.</summary>
    public override void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            SummaryArrays.Return(WeightedCoefficients);
        }
    }
}
