using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The update half of a Lloyd pass: adds each row of a block, widened to double, to its cluster's sum and counts it.
/// </summary>
/// <remarks>
/// Operation: S[a(i)] += x_i, n[a(i)] += 1 for the block's rows. Cost: d adds and d float→double conversions per
/// row; the rows come from L1 (the assignment kernel has just read them) and the k × d sums stay in L1/L2, so this
/// adds no memory traffic. Sums in double keep the means exact to float precision over millions of rows; the
/// result is the same on every vector width because lanes only ever add elementwise, row after row.
/// </remarks>
public static class ClusterSums
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> rows, int dimension, ReadOnlySpan<int> nearest, Span<double> sums, Span<long> counts)
    {
        if (rows.Length < nearest.Length * dimension)
        {
            throw new ArgumentException("fewer rows than assignments", nameof(rows));
        }

        ref var x = ref MemoryMarshal.GetReference(rows);
        for (var r = 0; r < nearest.Length; r++)
        {
            var j = nearest[r];
            counts[j]++;
            AddRow(ref Unsafe.Add(ref x, r * dimension), sums.Slice(j * dimension, dimension));
        }
    }

    /// <summary>
    /// target += partial, elementwise in double: a segment's partial sums into the totals (<see cref="SegmentSums"/>).
    /// Not TensorPrimitives: its generic code runs at tier 0 for the first passes of a job (see <see cref="DoubleKernels"/>).
    /// </summary>
    public static void AddPartial(ReadOnlySpan<double> partial, Span<double> target) => DoubleKernels.Add(target, partial, target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref float row, Span<double> target)
    {
        ref var acc = ref MemoryMarshal.GetReference(target);
        var n = target.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            for (; i <= n - 8; i += 8)
            {
                // vcvtps2pd with its load folded in, then an add with its load folded in, then a store.
                ref var a = ref Unsafe.Add(ref acc, i);
                (Vector512.LoadUnsafe(ref a) + Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref row, (nuint)i))).StoreUnsafe(ref a);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)i));
                ref var a = ref Unsafe.Add(ref acc, i);
                (Vector256.LoadUnsafe(ref a) + lower).StoreUnsafe(ref a);
                ref var b = ref Unsafe.Add(ref acc, i + 4);
                (Vector256.LoadUnsafe(ref b) + upper).StoreUnsafe(ref b);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref acc, i) += Unsafe.Add(ref row, i);
        }
    }
}
