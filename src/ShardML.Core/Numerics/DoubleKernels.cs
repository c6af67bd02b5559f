using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Core.Numerics;

/// <summary>
/// The double-precision vector operations a solver's driver runs a few dozen times per iteration on vectors as long
/// as the model (L-BFGS's two-loop recursion and line search: 4·m of them over 10⁵–10⁶ coefficients), and that a
/// K-means pass runs once a block or a segment (bounds' square roots, partial cluster sums into the totals).
/// </summary>
/// <remarks>
/// <para>
/// Why not <c>TensorPrimitives</c>: a driver calls each of these a few dozen times per iteration, too rarely for
/// tiered compilation to promote the generic library code quickly, and its tier-0 code is several times slower
/// (L-BFGS's direction on 10⁵ coefficients: 14–25 ms at tier 0 against 2 ms optimized). These are compiled
/// optimized at their first call (<see cref="MethodImplOptions.AggressiveOptimization"/>).
/// </para>
/// <para>
/// Results are the same bits on every path (Vector512, Vector256, scalar) and hardware: element-wise operations
/// use one fused multiply-add per element, and <see cref="Dot"/> sums element j into lane j mod 32 and adds the
/// 32 lanes in a fixed order. Cost: one pass over the operands, memory-bound. NaN propagates.
/// </para>
/// </remarks>
public static class DoubleKernels
{
    private const int Lanes = LaneSums.Count;

    /// <summary>Σ x[j] y[j] over the common length (the operands must have equal lengths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x.Length, y.Length);
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        Span<double> lanes = stackalloc double[Lanes];
        lanes.Clear();
        ref var l = ref MemoryMarshal.GetReference(lanes);
        var n = x.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; j <= n - Lanes; j += Lanes)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)j), Vector512.LoadUnsafe(ref b, (nuint)j), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(j + 8)), Vector512.LoadUnsafe(ref b, (nuint)(j + 8)), s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(j + 16)), Vector512.LoadUnsafe(ref b, (nuint)(j + 16)), s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(j + 24)), Vector512.LoadUnsafe(ref b, (nuint)(j + 24)), s3);
            }

            LaneSums.Store(ref l, s0, s1, s2, s3);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (; j <= n - Lanes; j += Lanes)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)j), Vector256.LoadUnsafe(ref b, (nuint)j), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 4)), Vector256.LoadUnsafe(ref b, (nuint)(j + 4)), s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 8)), Vector256.LoadUnsafe(ref b, (nuint)(j + 8)), s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 12)), Vector256.LoadUnsafe(ref b, (nuint)(j + 12)), s3);
                s4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 16)), Vector256.LoadUnsafe(ref b, (nuint)(j + 16)), s4);
                s5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 20)), Vector256.LoadUnsafe(ref b, (nuint)(j + 20)), s5);
                s6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 24)), Vector256.LoadUnsafe(ref b, (nuint)(j + 24)), s6);
                s7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(j + 28)), Vector256.LoadUnsafe(ref b, (nuint)(j + 28)), s7);
            }

            LaneSums.Store(ref l, s0, s1, s2, s3, s4, s5, s6, s7);
        }

        // The scalar path and the tail: element j still goes to lane j mod 32.
        for (; j < n; j++)
        {
            ref var lane = ref Unsafe.Add(ref l, j % Lanes);
            lane = Math.FusedMultiplyAdd(Unsafe.Add(ref a, j), Unsafe.Add(ref b, j), lane);
        }

        return LaneSums.Fold(ref l, Lanes);
    }

    /// <summary><c>destination[j] = x[j] × scale + addend[j]</c>, fused; <paramref name="destination"/> may be <paramref name="addend"/> or <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<double> x, double scale, ReadOnlySpan<double> addend, Span<double> destination)
    {
        CheckLengths(x.Length, addend.Length);
        CheckLengths(x.Length, destination.Length);
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var c = ref MemoryMarshal.GetReference(addend);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var n = x.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; j <= n - 8; j += 8)
            {
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)j), s, Vector512.LoadUnsafe(ref c, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; j <= n - 4; j += 4)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)j), s, Vector256.LoadUnsafe(ref c, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) = Math.FusedMultiplyAdd(Unsafe.Add(ref a, j), scale, Unsafe.Add(ref c, j));
        }
    }

    /// <summary><c>destination[j] = x[j] × scale</c>; <paramref name="destination"/> may be <paramref name="x"/> (scale −1 negates exactly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<double> x, double scale, Span<double> destination)
    {
        CheckLengths(x.Length, destination.Length);
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var n = x.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; j <= n - 8; j += 8)
            {
                (Vector512.LoadUnsafe(ref a, (nuint)j) * s).StoreUnsafe(ref d, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; j <= n - 4; j += 4)
            {
                (Vector256.LoadUnsafe(ref a, (nuint)j) * s).StoreUnsafe(ref d, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) = Unsafe.Add(ref a, j) * scale;
        }
    }


    /// <summary><c>destination[j] = √x[j]</c>, correctly rounded (IEEE); <paramref name="destination"/> may be <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sqrt(ReadOnlySpan<double> x, Span<double> destination)
    {
        CheckLengths(x.Length, destination.Length);
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var n = x.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= n - 8; j += 8)
            {
                Vector512.Sqrt(Vector512.LoadUnsafe(ref a, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= n - 4; j += 4)
            {
                Vector256.Sqrt(Vector256.LoadUnsafe(ref a, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) = Math.Sqrt(Unsafe.Add(ref a, j));
        }
    }

    /// <summary><c>destination[j] = x[j] + y[j]</c>; <paramref name="destination"/> may be either operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination) =>
        Elementwise<Addition>(x, y, destination);

    /// <summary><c>destination[j] = x[j] − y[j]</c>; <paramref name="destination"/> may be either operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination) =>
        Elementwise<Difference>(x, y, destination);

    /// <summary><c>destination[j] = x[j] × y[j]</c>; <paramref name="destination"/> may be either operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination) =>
        Elementwise<Product>(x, y, destination);

    /// <summary>One rounding per element on every path: the vector widths and the scalar tail apply the same IEEE operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into each public kernel, which is compiled optimized
    private static void Elementwise<TOperation>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination)
        where TOperation : struct, IElementwise
    {
        CheckLengths(x.Length, y.Length);
        CheckLengths(x.Length, destination.Length);
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var n = x.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= n - 8; j += 8)
            {
                TOperation.Apply(Vector512.LoadUnsafe(ref a, (nuint)j), Vector512.LoadUnsafe(ref b, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= n - 4; j += 4)
            {
                TOperation.Apply(Vector256.LoadUnsafe(ref a, (nuint)j), Vector256.LoadUnsafe(ref b, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) = TOperation.Apply(Unsafe.Add(ref a, j), Unsafe.Add(ref b, j));
        }
    }

    private static void CheckLengths(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"vector lengths differ: {expected} and {actual}");
        }
    }

    private interface IElementwise
    {
        static abstract Vector512<double> Apply(Vector512<double> x, Vector512<double> y);

        static abstract Vector256<double> Apply(Vector256<double> x, Vector256<double> y);

        static abstract double Apply(double x, double y);
    }

    private readonly struct Addition : IElementwise
    {
        public static Vector512<double> Apply(Vector512<double> x, Vector512<double> y) => x + y;

        public static Vector256<double> Apply(Vector256<double> x, Vector256<double> y) => x + y;

        public static double Apply(double x, double y) => x + y;
    }

    private readonly struct Product : IElementwise
    {
        public static Vector512<double> Apply(Vector512<double> x, Vector512<double> y) => x * y;

        public static Vector256<double> Apply(Vector256<double> x, Vector256<double> y) => x * y;

        public static double Apply(double x, double y) => x * y;
    }

    private readonly struct Difference : IElementwise
    {
        public static Vector512<double> Apply(Vector512<double> x, Vector512<double> y) => x - y;

        public static Vector256<double> Apply(Vector256<double> x, Vector256<double> y) => x - y;

        public static double Apply(double x, double y) => x - y;
    }
}
