using System.Runtime.CompilerServices;

namespace ShardML.Core.Numerics;

/// <summary>Kernels over one CSR row (indices and values) against a dense vector. Cost: one pass over the row's non-zeros.</summary>
/// <remarks>
/// Each is called once per row, millions of times in a job, but each call is short: tiered compilation would leave it
/// unoptimized for the first 30 calls and the tiering delay after them, which is the whole of a short job (20,000-row
/// sparse SGD epochs took 5–6 ms instead of 2.2). So every one is compiled optimized from its first call.
/// </remarks>
public static class SparseKernels
{
    /// <summary>Σ values[k] × dense[indices[k]], accumulated in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see the class remarks
    public static double Dot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> dense)
    {
        double sum = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            sum += (double)values[k] * dense[indices[k]];
        }

        return sum;
    }

    /// <summary>Σ values[k] × dense[indices[k]] against double weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see the class remarks
    public static double Dot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> dense)
    {
        double sum = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            sum += values[k] * dense[indices[k]];
        }

        return sum;
    }

    /// <summary><c>accumulator[indices[k]] += scale × values[k]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see the class remarks
    public static void AddScaled(Span<double> accumulator, double scale, ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        for (var k = 0; k < indices.Length; k++)
        {
            accumulator[indices[k]] += scale * values[k];
        }
    }

    /// <summary>
    /// <c>accumulator[indices[k]] += scale × values[k] × factors[indices[k]]</c>: an update preconditioned by a diagonal,
    /// e.g. 1/σⱼ² to take an SGD or dual step in (uncentered) standardized coordinates while keeping raw weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see the class remarks
    public static void AddScaled(Span<double> accumulator, double scale, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> factors)
    {
        for (var k = 0; k < indices.Length; k++)
        {
            var j = indices[k];
            accumulator[j] += scale * values[k] * factors[j];
        }
    }

    /// <summary>Σ values[k]² × factors[indices[k]], in double: a squared norm under a diagonal metric.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see the class remarks
    public static double WeightedSumOfSquares(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> factors)
    {
        double sum = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            sum += (double)values[k] * values[k] * factors[indices[k]];
        }

        return sum;
    }

    /// <summary>Σ values[k]², in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see the class remarks
    public static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        return sum;
    }
}
