using System.Reflection;
using System.Runtime.CompilerServices;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The fused loss-and-gradient pass of every linear solver: for each row, while it is in cache, the m scores
/// z_c = w_c·x + b_c, the losses ℓ(y_c, z_c), and g_c += ℓ′ x for the outputs whose derivative is non-zero (the
/// hinge loss skips rows outside the margin). Generic over the loss so the JIT inlines it. Dense rows use the
/// widening float→double kernels; sparse rows touch their non-zeros only. Cost: 2·m·nnz multiply-adds per row.
/// A multinomial model (<see cref="BoundLabels.Multinomial"/>) takes its own branch: the k scores of a row into a
/// buffer allocated once per pass, their cross-entropy and derivatives p_c − [c = y] (<see cref="SoftmaxCrossEntropy"/>),
/// then g_c += (p_c − [c = y]) x for every class; the row's whole loss goes to the first output's sum.
/// </summary>
internal static class LossGradientKernel
{
    /// <summary>
    /// Adds rows <paramref name="rows"/> (or every row when <paramref name="rows"/> is null) into <paramref name="into"/>.
    /// <paramref name="scores"/>: a multinomial model's per-row buffer of at least k doubles, for a caller that calls
    /// this per block of rows to allocate once per pass; null allocates it here, once per call.
    /// </summary>
    public static void Accumulate(
        LossKind loss, Partition partition, BoundLabels labels, ReadOnlySpan<double> coefficients, int dimension, int[]? rows, LossGradient into, CancellationToken cancellationToken,
        double[]? scores = null)
    {
        if (labels.Multinomial)
        {
            if (loss != LossKind.Logistic)
            {
                throw new ArgumentException($"a multinomial (softmax) model minimizes the cross-entropy, the logistic loss's multiclass form, not the {loss} loss", nameof(loss));
            }

            var k = into.Losses.Length;
            Softmax(partition, labels, coefficients, dimension, rows, into, scores is null ? new double[k] : scores.AsSpan(0, k), cancellationToken);
            return;
        }

        switch (loss)
        {
            case LossKind.Squared:
                Accumulate<SquaredLoss>(partition, labels, coefficients, dimension, rows, into, cancellationToken);
                break;
            case LossKind.Logistic:
                Logistic(partition, labels, coefficients, dimension, rows, 0, rows?.Length ?? partition.RowCount, into, cancellationToken);
                break;
            case LossKind.Hinge:
                Accumulate<HingeLoss>(partition, labels, coefficients, dimension, rows, into, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss");
        }
    }

    /// <summary>
    /// The logistic loss of a binary or one-vs-rest model over rows [<paramref name="first"/>, first + count): the
    /// same blocks, kernels and bits as <see cref="Accumulate"/> over the whole partition when <paramref name="first"/>
    /// is a multiple of <see cref="LogisticBlockAlignment"/>, so a caller sweeping a partition block by block (the
    /// fused multi-candidate step) gets each candidate's own step's sums.
    /// </summary>
    public static void AccumulateLogistic(
        Partition partition, BoundLabels labels, ReadOnlySpan<double> coefficients, int dimension, int first, int count, LossGradient into, CancellationToken cancellationToken)
    {
        if (labels.Multinomial)
        {
            throw new ArgumentException("a multinomial model takes the softmax branch", nameof(labels));
        }

        Logistic(partition, labels, coefficients, dimension, null, first, count, into, cancellationToken);
    }

    /// <summary>Every block of the logistic kernels starts at a multiple of this many rows from the partition's first.</summary>
    public const int LogisticBlockAlignment = LogisticGradientKernel.MaximumBlockRows;

    /// <summary>
    /// What a job with <paramref name="loss"/> runs per row, for <see cref="KernelPreparation"/>: this kernel's
    /// instance for the loss, for least squares the dense regression kernel with its helpers, and for the logistic loss the
    /// block loop, its targets, the dense and sparse block kernels with the vector loss, and the multinomial branch.
    /// </summary>
    public static IReadOnlyList<MethodBase> Kernels(LossKind loss)
    {
        var instance = typeof(LossGradientKernel).GetMethod(nameof(Accumulate), 1, BindingFlags.NonPublic | BindingFlags.Static, null, [typeof(Partition), typeof(BoundLabels), typeof(ReadOnlySpan<double>), typeof(int), typeof(int[]), typeof(LossGradient), typeof(CancellationToken)], null)
            ?? throw new InvalidOperationException("the loss-gradient kernel's generic overload was not found");
        var lossType = loss switch
        {
            LossKind.Squared => typeof(SquaredLoss),
            LossKind.Logistic => typeof(LogisticLoss),
            LossKind.Hinge => typeof(HingeLoss),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss"),
        };
        return loss switch
        {
            LossKind.Squared => [instance.MakeGenericMethod(lossType), typeof(LinearGradientKernel).GetMethod(nameof(LinearGradientKernel.Accumulate))!.MakeGenericMethod(typeof(SquaredLoss)), .. KernelPreparation.OptimizedMethodsOf(typeof(LinearGradientKernel))],

            // A logistic job with more than two classes runs the multinomial branch (whether it does is known only once the classes are).
            LossKind.Logistic =>
            [
                typeof(LossGradientKernel).GetMethod(nameof(Logistic), BindingFlags.NonPublic | BindingFlags.Static)!,
                typeof(BoundLabels).GetMethod(nameof(BoundLabels.Targets))!,
                .. KernelPreparation.OptimizedMethodsOf(typeof(LogisticLossBlock), typeof(LogisticGradientKernel), typeof(SparseLogisticGradientKernel)),
                typeof(LossGradientKernel).GetMethod(nameof(Softmax), BindingFlags.NonPublic | BindingFlags.Static)!,
            ],
            _ => [instance.MakeGenericMethod(lossType)],
        };
    }

    // A mini-batch step runs this loop over a few dozen rows per call: too short for on-stack replacement, so under
    // tiered compilation it stayed unoptimized through a short job's passes.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TLoss>(
        Partition partition, BoundLabels labels, ReadOnlySpan<double> coefficients, int dimension, int[]? rows, LossGradient into, CancellationToken cancellationToken)
        where TLoss : struct, ILoss
    {
        var stride = dimension + 1;
        var outputs = into.Losses.Length;
        var gradient = into.Gradient.AsSpan();
        var count = rows?.Length ?? partition.RowCount;
        for (var k = 0; k < count; k++)
        {
            if ((k & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var i = rows is null ? k : rows[k];
            if (partition.Dense is { } dense)
            {
                var x = dense.Row(i);
                for (var c = 0; c < outputs; c++)
                {
                    var at = c * stride;
                    var y = labels.Target(i, c);
                    var z = WideningKernels.Dot(x, coefficients.Slice(at, dimension)) + coefficients[at + dimension];
                    into.Losses[c] += TLoss.Value(y, z);
                    var r = TLoss.Derivative(y, z);
                    if (r != 0)
                    {
                        WideningKernels.AddScaled(gradient.Slice(at, dimension), r, x);
                        gradient[at + dimension] += r;
                    }
                }
            }
            else
            {
                var indices = partition.Sparse!.RowIndices(i);
                var values = partition.Sparse.RowValues(i);
                for (var c = 0; c < outputs; c++)
                {
                    var at = c * stride;
                    var y = labels.Target(i, c);
                    var z = SparseKernels.Dot(indices, values, coefficients.Slice(at, dimension)) + coefficients[at + dimension];
                    into.Losses[c] += TLoss.Value(y, z);
                    var r = TLoss.Derivative(y, z);
                    if (r != 0)
                    {
                        SparseKernels.AddScaled(gradient.Slice(at, dimension), r, indices, values);
                        gradient[at + dimension] += r;
                    }
                }
            }
        }

        into.Count += count;
    }

    /// <summary>
    /// The logistic loss of binary and one-vs-rest models, a block of rows at a time: per output, the block's scores
    /// (one dot product a row), then the losses and derivatives of the whole block in vector lanes
    /// (<see cref="LogisticLossBlock"/>: one exponential and one logarithm a row instead of two and one), then the
    /// rows' contributions to the gradient in row order. A row's terms do not depend on where it sits, so a caller
    /// that splits a pass into partitions gets the same per-row terms. Consecutive rows (a pass over a partition) take
    /// the fused kernels, <see cref="LogisticGradientKernel"/> for dense rows and
    /// <see cref="SparseLogisticGradientKernel"/> for CSR, in blocks from the partition's first row; a list of rows
    /// (a subset) takes the row-by-row kernels. Cost: 2·m·nnz multiply-adds per row; the block's buffers live on the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Logistic(
        Partition partition, BoundLabels labels, ReadOnlySpan<double> coefficients, int dimension, int[]? rows, int first, int count, LossGradient into, CancellationToken cancellationToken)
    {
        const int Block = LogisticGradientKernel.MaximumBlockRows;
        var stride = dimension + 1;
        var outputs = into.Losses.Length;
        var gradient = into.Gradient.AsSpan();
        Span<double> targets = stackalloc double[Block];
        Span<double> scores = stackalloc double[Block];
        Span<double> values = stackalloc double[Block];
        Span<double> derivatives = stackalloc double[Block];
        var dense = partition.Dense;
        var sparse = partition.Sparse;

        // Consecutive dense rows: the fused kernel, whose gradient tiles stay in registers across a block.
        var fused = dense is not null && rows is null && dense.Columns == dimension;
        var fusedSparse = sparse is not null && rows is null && sparse.Columns <= dimension;
        var block = fused ? LogisticGradientKernel.BlockRows(dimension) : Block;
        for (var start = first; start < first + count; start += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(block, first + count - start);
            for (var c = 0; c < outputs; c++)
            {
                var at = c * stride;
                var weights = coefficients.Slice(at, dimension);
                var intercept = coefficients[at + dimension];
                if (fused)
                {
                    labels.Targets(start, c, targets[..size]);
                    LogisticGradientKernel.Accumulate(
                        dense!.AllRows.Slice(start * dimension, size * dimension), targets[..size], weights, intercept, gradient.Slice(at, dimension),
                        ref gradient[at + dimension], ref into.Losses[c], scores, derivatives,
                        c == outputs - 1 ? dense.AllRows[((start + size) * dimension)..] : default);
                    continue;
                }

                if (fusedSparse)
                {
                    labels.Targets(start, c, targets[..size]);
                    SparseLogisticGradientKernel.Accumulate(
                        sparse!.RowStarts, sparse.Indices, sparse.Values, start, targets[..size], weights, intercept, gradient.Slice(at, dimension),
                        ref gradient[at + dimension], ref into.Losses[c], scores, derivatives);
                    continue;
                }

                for (var k = 0; k < size; k++)
                {
                    var i = rows is null ? start + k : rows[start + k];
                    targets[k] = labels.Target(i, c);
                    scores[k] = (dense is not null
                        ? WideningKernels.Dot(dense.Row(i), weights)
                        : SparseKernels.Dot(sparse!.RowIndices(i), sparse.RowValues(i), weights)) + intercept;
                }

                LogisticLossBlock.Evaluate(targets[..size], scores[..size], values[..size], derivatives[..size]);
                var slice = gradient.Slice(at, dimension);
                var loss = into.Losses[c];
                var derivativeSum = gradient[at + dimension];
                var t = 0;
                if (dense is not null)
                {
                    // Four rows at a time, the gradient loaded and stored once for them: the same sums as row by row
                    // (a zero derivative adds an exact zero, where the row loop skips the row).
                    for (; t <= size - 4; t += 4)
                    {
                        var i = rows is null ? start + t : rows[start + t];
                        var i1 = rows is null ? i + 1 : rows[start + t + 1];
                        var i2 = rows is null ? i + 2 : rows[start + t + 2];
                        var i3 = rows is null ? i + 3 : rows[start + t + 3];
                        WideningKernels.AddScaled4(slice, derivatives[t], dense.Row(i), derivatives[t + 1], dense.Row(i1), derivatives[t + 2], dense.Row(i2), derivatives[t + 3], dense.Row(i3));
                        for (var u = t; u < t + 4; u++)
                        {
                            loss += values[u];
                            derivativeSum += derivatives[u];
                        }
                    }
                }

                for (; t < size; t++)
                {
                    loss += values[t];
                    var r = derivatives[t];
                    if (r != 0)
                    {
                        var i = rows is null ? start + t : rows[start + t];
                        if (dense is not null)
                        {
                            WideningKernels.AddScaled(slice, r, dense.Row(i));
                        }
                        else
                        {
                            SparseKernels.AddScaled(slice, r, sparse!.RowIndices(i), sparse.RowValues(i));
                        }

                        derivativeSum += r;
                    }
                }

                into.Losses[c] = loss;
                gradient[at + dimension] = derivativeSum;
            }
        }

        into.Count += count;
    }

    /// <summary>
    /// The multinomial branch: per row, z_c = w_c·x + b_c for the k classes into <paramref name="scores"/>, then the
    /// cross-entropy into the first loss sum and (p_c − [c = y]) x into each class's gradient. Cost: 2·k·nnz
    /// multiply-adds per row, as k one-vs-rest outputs; nothing allocated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(
        Partition partition, BoundLabels labels, ReadOnlySpan<double> coefficients, int dimension, int[]? rows, LossGradient into, Span<double> scores, CancellationToken cancellationToken)
    {
        var stride = dimension + 1;
        var k = scores.Length;
        var gradient = into.Gradient.AsSpan();
        var count = rows?.Length ?? partition.RowCount;
        for (var n = 0; n < count; n++)
        {
            if ((n & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var i = rows is null ? n : rows[n];
            if (partition.Dense is { } dense)
            {
                var x = dense.Row(i);
                for (var c = 0; c < k; c++)
                {
                    var at = c * stride;
                    scores[c] = WideningKernels.Dot(x, coefficients.Slice(at, dimension)) + coefficients[at + dimension];
                }

                // Summed per row, as the other branch does: a caller that splits a pass into blocks gets the same bits.
                into.Losses[0] += SoftmaxCrossEntropy.ToDerivatives(scores, labels.ClassOf(i));
                for (var c = 0; c < k; c++)
                {
                    var r = scores[c];
                    if (r != 0)
                    {
                        var at = c * stride;
                        WideningKernels.AddScaled(gradient.Slice(at, dimension), r, x);
                        gradient[at + dimension] += r;
                    }
                }
            }
            else
            {
                var indices = partition.Sparse!.RowIndices(i);
                var values = partition.Sparse.RowValues(i);
                for (var c = 0; c < k; c++)
                {
                    var at = c * stride;
                    scores[c] = SparseKernels.Dot(indices, values, coefficients.Slice(at, dimension)) + coefficients[at + dimension];
                }

                into.Losses[0] += SoftmaxCrossEntropy.ToDerivatives(scores, labels.ClassOf(i));
                for (var c = 0; c < k; c++)
                {
                    var r = scores[c];
                    if (r != 0)
                    {
                        var at = c * stride;
                        SparseKernels.AddScaled(gradient.Slice(at, dimension), r, indices, values);
                        gradient[at + dimension] += r;
                    }
                }
            }
        }

        into.Count += count;
    }
}
