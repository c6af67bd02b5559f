using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The scores ‖c‖² − 2x·c of one row against a small set of packed centers (a Yinyang group,
/// <see cref="PackedCenters"/>): the kernel for a row that fails a few groups, where a tile of 16 rows would compute
/// 15 of them for nothing.
/// </summary>
/// <remarks>
/// Per panel of W centers (16 with AVX-512, 8 with AVX2), one vector load of the panel's f-th components and one fused
/// multiply-add with x_f broadcast per feature, in four accumulators over f mod 4 so the chain is a quarter as long;
/// then score = ‖c‖² − 2·dot in one fused multiply-add. Cost: |G|·d multiply-adds, rounded up to whole panels. Each
/// score is within (d + 2)·2⁻²⁴·(‖x‖ + ‖c‖)² of exact (its summation order differs from
/// <see cref="BlockedAssignment"/>'s, so its bits may too); padding lanes score +∞.
/// </remarks>
public static class GroupScores
{
    /// <summary>Writes the <c>centers.PaddedCount</c> scores of <paramref name="row"/> into <paramref name="scores"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Score(ReadOnlySpan<float> row, PackedCenters centers, Span<float> scores)
    {
        var d = centers.Dimension;
        if (row.Length < d || scores.Length < centers.PaddedCount)
        {
            throw new ArgumentException("the row or the scores are shorter than the centers need");
        }

        ref var x = ref MemoryMarshal.GetReference(row);
        ref var panel = ref MemoryMarshal.GetArrayDataReference(centers.Panel);
        ref var norms = ref MemoryMarshal.GetArrayDataReference(centers.Norms);
        ref var output = ref MemoryMarshal.GetReference(scores);
        var width = centers.Width;
        for (var p = 0; p < centers.Panels; p++)
        {
            ref var c = ref Unsafe.Add(ref panel, p * d * width);
            if (width == 16)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                var f = 0;
                for (; f <= d - 4; f += 4)
                {
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, f)), Vector512.LoadUnsafe(ref c, (nuint)(f * 16)), a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, f + 1)), Vector512.LoadUnsafe(ref c, (nuint)((f + 1) * 16)), a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, f + 2)), Vector512.LoadUnsafe(ref c, (nuint)((f + 2) * 16)), a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, f + 3)), Vector512.LoadUnsafe(ref c, (nuint)((f + 3) * 16)), a3);
                }

                for (; f < d; f++)
                {
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, f)), Vector512.LoadUnsafe(ref c, (nuint)(f * 16)), a0);
                }

                var dot = (a0 + a1) + (a2 + a3);
                Vector512.FusedMultiplyAdd(dot, Vector512.Create(-2f), Vector512.LoadUnsafe(ref norms, (nuint)(p * 16))).StoreUnsafe(ref output, (nuint)(p * 16));
            }
            else if (width == 8)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                var f = 0;
                for (; f <= d - 4; f += 4)
                {
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, f)), Vector256.LoadUnsafe(ref c, (nuint)(f * 8)), a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, f + 1)), Vector256.LoadUnsafe(ref c, (nuint)((f + 1) * 8)), a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, f + 2)), Vector256.LoadUnsafe(ref c, (nuint)((f + 2) * 8)), a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, f + 3)), Vector256.LoadUnsafe(ref c, (nuint)((f + 3) * 8)), a3);
                }

                for (; f < d; f++)
                {
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, f)), Vector256.LoadUnsafe(ref c, (nuint)(f * 8)), a0);
                }

                var dot = (a0 + a1) + (a2 + a3);
                Vector256.FusedMultiplyAdd(dot, Vector256.Create(-2f), Vector256.LoadUnsafe(ref norms, (nuint)(p * 8))).StoreUnsafe(ref output, (nuint)(p * 8));
            }
            else
            {
                var dot = 0f;
                for (var f = 0; f < d; f++)
                {
                    dot = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, f), Unsafe.Add(ref c, f), dot);
                }

                Unsafe.Add(ref output, p) = MathF.FusedMultiplyAdd(dot, -2f, Unsafe.Add(ref norms, p));
            }
        }
    }
}
