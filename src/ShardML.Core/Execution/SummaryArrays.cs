using System.Collections.Concurrent;

namespace ShardML.Core.Execution;

/// <summary>
/// Exact-length <c>double</c> arrays for summaries that every pass rebuilds at the model's size — a local model, a
/// gradient — so that a pass over a 10⁵-feature model does not allocate an 800 KB array per partition. A summary
/// rents its vector in the step (<see cref="Rent"/>) and gives it back when the runtime says it is dead
/// (<see cref="ISummary.Release"/>): after being merged into another, or after the driver has read the result.
/// </summary>
/// <remarks>
/// Exact lengths, unlike <see cref="System.Buffers.ArrayPool{T}"/>'s powers of two, because a summary's array is its
/// wire format: a longer one would be serialized whole. Short arrays are not pooled (allocating them is cheaper than
/// the pool). The pool is bounded twice, because a silo lives for weeks and serves jobs of many widths: each length
/// keeps at most <see cref="KeptPerLength"/> arrays, and all lengths together at most <see cref="MaximumPooledBytes"/>;
/// an array returned past either bound is left to the GC, as it was before pooling. Forgetting to return an array
/// costs an allocation, never a wrong value; returning one that is still read would, which is why only the runtime
/// and the driver, which know a summary's last reader, release them.
/// </remarks>
public static class SummaryArrays
{
    /// <summary>Arrays shorter than this are allocated and dropped as usual.</summary>
    public const int PooledFromLength = 1024;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<double[]>> Pool = new();
    private static long _pooledBytes;

    /// <summary>Arrays kept per length: enough for every partition of a busy node plus the merges in flight.</summary>
    public static int KeptPerLength { get; } = Math.Max(8, 4 * Environment.ProcessorCount);

    /// <summary>
    /// The most the pool holds in all: 128 MB, or 1/32 of the memory the GC may use if that is less. A 10⁵-feature
    /// model's 16 arrays take 13 MB; arrays of a 10⁷-feature model would not all fit, and are allocated as before.
    /// </summary>
    public static long MaximumPooledBytes { get; } = Math.Min(128L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 32);

    /// <summary>Bytes the pool holds now.</summary>
    public static long PooledBytes => Interlocked.Read(ref _pooledBytes);

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements.</summary>
    public static double[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length >= PooledFromLength && Pool.TryGetValue(length, out var bag) && bag.TryTake(out var array))
        {
            Interlocked.Add(ref _pooledBytes, -(long)length * sizeof(double));
            Array.Clear(array);
            return array;
        }

        return new double[length];
    }

    /// <summary>Gives an array back; the caller must not read or write it afterwards.</summary>
    public static void Return(double[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length < PooledFromLength)
        {
            return;
        }

        var bytes = (long)array.Length * sizeof(double);
        var bag = Pool.GetOrAdd(array.Length, static _ => []);
        if (bag.Count >= KeptPerLength)
        {
            return;
        }

        if (Interlocked.Add(ref _pooledBytes, bytes) > MaximumPooledBytes)
        {
            Interlocked.Add(ref _pooledBytes, -bytes); // over the byte bound: take the reservation back, keep nothing
            return;
        }

        bag.Add(array);
    }
}
