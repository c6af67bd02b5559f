using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Core.Numerics;

/// <summary>
/// The logistic loss and its gradient over a block of consecutive CSR rows: <see cref="LogisticGradientKernel"/>'s
/// work for sparse data, the block's non-zeros read twice while they are in cache (once for the scores, once for the
/// gradient).
/// </summary>
/// <remarks>
/// <para>
/// Operation: z_k = Σ v·w[index] + b over row k's non-zeros, in four running sums (non-zeros 4t, 4t + 1, 4t + 2,
/// 4t + 3, folded as (s₀ + s₁) + (s₂ + s₃)): a single running sum waits on each add, 4 cycles a non-zero, where four
/// keep four loads of w in flight. A row's score depends on that row alone, so it has the same bits wherever the row
/// sits. Then the block's losses and derivatives r_k with their sums (<see cref="LogisticLossBlock.EvaluateSums"/>),
/// then G[index] += r_k · v for every non-zero, in row order.
/// </para>
/// <para>
/// Cost per non-zero: two multiply-adds, one gather from w and one read-modify-write of G (both random accesses into
/// d doubles, in L2 for d up to ~10⁵); per row one exponential and one logarithm, 8 rows at a time. Nothing is allocated.
/// </para>
/// </remarks>
public static unsafe class SparseLogisticGradientKernel
{
    /// <summary>
    /// Adds rows [<paramref name="firstRow"/>, firstRow + targets.Length) of the CSR arrays: Σ r_k x_k into
    /// <paramref name="gradient"/>, Σ r_k and Σ ℓ_k into the two sums. Every index must be below weights.Length (an
    /// <see cref="ArgumentException"/> before anything is added otherwise).
    /// <paramref name="scores"/> and <paramref name="derivatives"/> are scratch at least as long as the targets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(
        ReadOnlySpan<int> rowStarts,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> values,
        int firstRow,
        ReadOnlySpan<double> targets,
        ReadOnlySpan<double> weights,
        double intercept,
        Span<double> gradient,
        ref double derivativeSum,
        ref double lossSum,
        Span<double> scores,
        Span<double> derivatives)
    {
        var n = targets.Length;
        if (rowStarts.Length < firstRow + n + 1 || gradient.Length < weights.Length || scores.Length < n || derivatives.Length < n)
        {
            throw new ArgumentException("row starts, gradient and scratch must be as long as the targets and weights imply");
        }

        // Checked once for the block (as unsigned, so that a negative index fails too) rather than one at a time: the
        // gathers below read w without bounds checks.
        var blockStart = rowStarts[firstRow];
        var blockIndices = indices[blockStart..rowStarts[firstRow + n]];
        if (!AllBelow(blockIndices, weights.Length))
        {
            throw new ArgumentException($"an index of rows {firstRow}–{firstRow + n - 1} is not below the weights' length, {weights.Length}", nameof(indices));
        }

        if (Avx2.IsSupported && Fma.IsSupported)
        {
            // Each row is cut from the checked block, so row starts that are out of order fail the slice, not the read.
            var blockValues = values[blockStart..(blockStart + blockIndices.Length)];
            fixed (double* w = weights)
            {
                for (var k = 0; k < n; k++)
                {
                    var start = rowStarts[firstRow + k] - blockStart;
                    var end = rowStarts[firstRow + k + 1] - blockStart;
                    scores[k] = GatheredDot(blockIndices[start..end], blockValues[start..end], w) + intercept;
                }
            }
        }
        else
        {
            for (var k = 0; k < n; k++)
            {
                var start = rowStarts[firstRow + k];
                var end = rowStarts[firstRow + k + 1];
                scores[k] = Dot(indices[start..end], values[start..end], weights) + intercept;
            }
        }

        var (loss, derivative) = LogisticLossBlock.EvaluateSums(targets, scores[..n], derivatives[..n]);
        lossSum += loss;
        derivativeSum += derivative;
        for (var k = 0; k < n; k++)
        {
            var r = derivatives[k];
            if (r == 0)
            {
                continue;
            }

            var start = rowStarts[firstRow + k];
            var end = rowStarts[firstRow + k + 1];
            var rowIndices = indices[start..end];
            var rowValues = values[start..end];
            for (var t = 0; t < rowIndices.Length; t++)
            {
                gradient[rowIndices[t]] += r * Widen(rowValues[t]);
            }
        }
    }

    /// <summary>
    /// Whether every index is in [0, <paramref name="length"/>): compared as unsigned, so a negative one is too large.
    /// Our own loop, inlined into the kernel and compiled with it, rather than <c>TensorPrimitives.Max</c>: that generic
    /// method is compiled apart and ran at tier 0 through a sparse job's first passes (perf: 90–230 of its 500–750
    /// samples unoptimized). The check costs little of itself: it is the block's first read of its indices, so it takes
    /// the cache misses the gathers would otherwise take (the kernel's and the check's samples summed to the same).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllBelow(ReadOnlySpan<int> indices, int length)
    {
        ref var first = ref MemoryMarshal.GetReference(indices);
        var limit = (uint)length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && indices.Length >= Vector256<uint>.Count)
        {
            var bound = Vector256.Create(limit);
            var outside = Vector256<uint>.Zero;
            for (; i <= indices.Length - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                outside |= Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)i).AsUInt32(), bound);
            }

            if (outside != Vector256<uint>.Zero)
            {
                return false;
            }
        }

        for (; i < indices.Length; i++)
        {
            if ((uint)Unsafe.Add(ref first, i) >= limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Σ v·w[index] in four running sums, folded as (s₀ + s₁) + (s₂ + s₃).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> weights)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var t = 0;
        var length = Math.Min(indices.Length, values.Length);
        for (; t <= length - 4; t += 4)
        {
            s0 = Math.FusedMultiplyAdd(Widen(values[t]), weights[indices[t]], s0);
            s1 = Math.FusedMultiplyAdd(Widen(values[t + 1]), weights[indices[t + 1]], s1);
            s2 = Math.FusedMultiplyAdd(Widen(values[t + 2]), weights[indices[t + 2]], s2);
            s3 = Math.FusedMultiplyAdd(Widen(values[t + 3]), weights[indices[t + 3]], s3);
        }

        for (; t < length; t++)
        {
            s0 = Math.FusedMultiplyAdd(Widen(values[t]), weights[indices[t]], s0);
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>
    /// <see cref="Dot"/> with the four running sums as the lanes of one vector: four weights gathered at once, lane j
    /// holding the sum of non-zeros 4t + j, so the same multiply-adds in the same order, and the same bits. On the Intel
    /// guest a partition's pass took 11% less time than with the scalar loop (docs/PERFORMANCE.md, "Sparse scores
    /// gathered"). Every index must be below the length of the array <paramref name="weights"/> points into (the
    /// caller checks the block's).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GatheredDot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double* weights)
    {
        var length = Math.Min(indices.Length, values.Length);
        ref var index = ref MemoryMarshal.GetReference(indices);
        ref var value = ref MemoryMarshal.GetReference(values);
        var sums = Vector256<double>.Zero;
        var t = 0;
        for (; t <= length - 4; t += 4)
        {
            var gathered = Avx2.GatherVector256(weights, Vector128.LoadUnsafe(ref index, (nuint)t), 8);
            sums = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref value, (nuint)t)), gathered, sums);
        }

        var s0 = sums.GetElement(0);
        for (; t < length; t++)
        {
            s0 = Math.FusedMultiplyAdd(Widen(values[t]), weights[indices[t]], s0);
        }

        return (s0 + sums.GetElement(1)) + (sums.GetElement(2) + sums.GetElement(3));
    }

    /// <summary>
    /// A float as a double. The plain conversion compiles to a cvtss2sd that merges into its destination register,
    /// which last held a running sum: every conversion then waits on the previous multiply-add and the four sums run
    /// as one chain. The packed conversion (vcvtps2pd) writes its whole register, so it waits on nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Widen(float value) => Vector128.WidenLower(Vector128.CreateScalarUnsafe(value)).ToScalar();
}
