using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The first half of a bounded pass over a block (<see cref="BoundedLloydStep"/>): each row's bounds moved by how far
/// the centers moved, and the rows whose bounds no longer prove their cluster listed for tightening. No row data is read.
/// </summary>
/// <remarks>
/// Once the centers settle this loop is most of a pass: 250,000 rows took 1.2 ms one at a time. On AVX-512 with k ≤ 16
/// it runs 8 rows a time, the k drifts and half-separations held in two registers each and looked up by permutation
/// (0.6 ms); otherwise 4 rows a time with the lookups as scalar loads. The arithmetic is the scalar loop's, operation
/// for operation (no fused multiply-add; vector Max is <see cref="Math.Max(double, double)"/>), so the bounds and the
/// rows listed have the same bits on every path.
/// </remarks>
internal static class HamerlyBounds
{
    /// <summary>The widest k whose drifts and half-separations fit two 512-bit registers.</summary>
    private const int RegisterTableSize = 16;

    /// <summary>
    /// For each row r: nearest[r] = assignment[r]; upper += drift[a], times <paramref name="upperSlack"/>; lower −= the
    /// largest drift of another center; lists r in <paramref name="retry"/> unless upper &lt; max(separation[a], lower)
    /// and upper² &lt; <paramref name="threshold"/>. Returns how many rows it listed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a block, thousands of times a pass
    public static int Update(
        ReadOnlySpan<int> assignment, Span<int> nearest, Span<double> uppers, Span<double> lowers, ReadOnlySpan<double> drift, ReadOnlySpan<double> separations,
        int fastest, double secondDrift, double largestDrift, double upperSlack, double threshold, Span<int> retry)
    {
        var count = assignment.Length;
        if (nearest.Length < count || uppers.Length < count || lowers.Length < count || retry.Length < count || separations.Length < drift.Length)
        {
            throw new ArgumentException("the block's spans are shorter than its assignments");
        }

        var listed = 0;
        var r = 0;
        if (Avx512F.IsSupported && drift.Length <= RegisterTableSize)
        {
            r = UpdateEights(assignment, nearest, uppers, lowers, drift, separations, fastest, secondDrift, largestDrift, upperSlack, threshold, retry, ref listed);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            r = UpdateFours(assignment, nearest, uppers, lowers, drift, separations, fastest, secondDrift, largestDrift, upperSlack, threshold, retry, ref listed);
        }

        for (; r < count; r++)
        {
            var a = assignment[r];
            nearest[r] = a;
            var upper = (uppers[r] + drift[a]) * upperSlack;
            var lower = lowers[r] - (a == fastest ? secondDrift : largestDrift);
            uppers[r] = upper;
            lowers[r] = lower;
            if (!(upper < Math.Max(separations[a], lower) && upper * upper < threshold))
            {
                retry[listed++] = r;
            }
        }

        return listed;
    }

    /// <summary>The rows of whole groups of 8, as <see cref="Update"/>; returns the first row it left to the scalar loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its stackalloc keeps it out of line: optimized from the first block, not after tiering
    private static int UpdateEights(
        ReadOnlySpan<int> assignment, Span<int> nearest, Span<double> uppers, Span<double> lowers, ReadOnlySpan<double> drift, ReadOnlySpan<double> separations,
        int fastest, double secondDrift, double largestDrift, double upperSlack, double threshold, Span<int> retry, ref int listed)
    {
        Span<double> table = stackalloc double[2 * RegisterTableSize];
        table.Clear();
        drift.CopyTo(table);
        separations[..drift.Length].CopyTo(table[RegisterTableSize..]);
        var driftLow = Vector512.Create<double>(table[..8]);
        var driftHigh = Vector512.Create<double>(table[8..16]);
        var separationLow = Vector512.Create<double>(table[16..24]);
        var separationHigh = Vector512.Create<double>(table[24..32]);
        var slack = Vector512.Create(upperSlack);
        var second = Vector512.Create(secondDrift);
        var largest = Vector512.Create(largestDrift);
        var limit = Vector512.Create(threshold);
        var fastestIndex = Vector512.Create((long)fastest);
        ref var a = ref MemoryMarshal.GetReference(assignment);
        ref var n = ref MemoryMarshal.GetReference(nearest);
        ref var u = ref MemoryMarshal.GetReference(uppers);
        ref var l = ref MemoryMarshal.GetReference(lowers);
        var r = 0;
        for (; r <= assignment.Length - 8; r += 8)
        {
            var clusters = Vector256.LoadUnsafe(ref a, (nuint)r);
            clusters.StoreUnsafe(ref n, (nuint)r);
            var index = Avx512F.ConvertToVector512Int64(clusters);
            var upper = (Vector512.LoadUnsafe(ref u, (nuint)r) + Avx512F.PermuteVar8x64x2(driftLow, index, driftHigh)) * slack;
            var lower = Vector512.LoadUnsafe(ref l, (nuint)r) - Vector512.ConditionalSelect(Vector512.Equals(index, fastestIndex).AsDouble(), second, largest);
            upper.StoreUnsafe(ref u, (nuint)r);
            lower.StoreUnsafe(ref l, (nuint)r);
            var proven = Vector512.LessThan(upper, Vector512.Max(Avx512F.PermuteVar8x64x2(separationLow, index, separationHigh), lower))
                & Vector512.LessThan(upper * upper, limit);
            List(~(uint)proven.ExtractMostSignificantBits() & 0xFF, r, retry, ref listed);
        }

        return r;
    }

    /// <summary>
    /// The rows of whole groups of 4, as <see cref="Update"/>, for any k and on 256-bit machines: the lookups are scalar
    /// loads, the arithmetic, the comparisons and the stores are vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int UpdateFours(
        ReadOnlySpan<int> assignment, Span<int> nearest, Span<double> uppers, Span<double> lowers, ReadOnlySpan<double> drift, ReadOnlySpan<double> separations,
        int fastest, double secondDrift, double largestDrift, double upperSlack, double threshold, Span<int> retry, ref int listed)
    {
        var slack = Vector256.Create(upperSlack);
        var limit = Vector256.Create(threshold);
        ref var a = ref MemoryMarshal.GetReference(assignment);
        ref var n = ref MemoryMarshal.GetReference(nearest);
        ref var u = ref MemoryMarshal.GetReference(uppers);
        ref var l = ref MemoryMarshal.GetReference(lowers);
        var r = 0;
        for (; r <= assignment.Length - 4; r += 4)
        {
            var clusters = Vector128.LoadUnsafe(ref a, (nuint)r);
            clusters.StoreUnsafe(ref n, (nuint)r);
            int a0 = clusters.GetElement(0), a1 = clusters.GetElement(1), a2 = clusters.GetElement(2), a3 = clusters.GetElement(3);
            var upper = (Vector256.LoadUnsafe(ref u, (nuint)r) + Vector256.Create(drift[a0], drift[a1], drift[a2], drift[a3])) * slack;
            var lower = Vector256.LoadUnsafe(ref l, (nuint)r) - Vector256.Create(
                a0 == fastest ? secondDrift : largestDrift, a1 == fastest ? secondDrift : largestDrift, a2 == fastest ? secondDrift : largestDrift, a3 == fastest ? secondDrift : largestDrift);
            upper.StoreUnsafe(ref u, (nuint)r);
            lower.StoreUnsafe(ref l, (nuint)r);
            var proven = Vector256.LessThan(upper, Vector256.Max(Vector256.Create(separations[a0], separations[a1], separations[a2], separations[a3]), lower))
                & Vector256.LessThan(upper * upper, limit);
            List(~proven.ExtractMostSignificantBits() & 0xF, r, retry, ref listed);
        }

        return r;
    }

    /// <summary>Lists the rows whose bits are set in <paramref name="failed"/> (bit i: row <paramref name="first"/> + i), in row order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void List(uint failed, int first, Span<int> retry, ref int listed)
    {
        while (failed != 0)
        {
            retry[listed++] = first + BitOperations.TrailingZeroCount(failed);
            failed &= failed - 1;
        }
    }
}
