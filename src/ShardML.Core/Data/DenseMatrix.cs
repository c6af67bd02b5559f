namespace ShardML.Core.Data;

/// <summary>
/// Rows of <c>float</c> features stored contiguously, row after row, so kernels stream one span. The rows may start
/// at an <see cref="Offset"/> into <see cref="Values"/>, so a loader can place them on a cache-line boundary
/// (<see cref="AllocateAligned"/>): then a 64-float row is exactly 4 lines, not 5, which matters to kernels that
/// fetch rows in random order (sampled SGD).
/// </summary>
public sealed class DenseMatrix
{
    private const int LineBytes = 64;

    public DenseMatrix(float[] values, int rows, int columns, int offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length - (long)offset, (long)rows * columns);
        Values = values;
        Rows = rows;
        Columns = columns;
        Offset = offset;
    }

    /// <summary>Row-major values from <see cref="Offset"/>; only <c>Rows × Columns</c> of them are meaningful.</summary>
    public float[] Values { get; }

    /// <summary>Where row 0 starts in <see cref="Values"/>.</summary>
    public int Offset { get; }

    public int Rows { get; }

    public int Columns { get; }

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(Offset + (row * Columns), Columns);

    /// <summary>All rows as one span, for kernels that walk them in order.</summary>
    public ReadOnlySpan<float> AllRows => Values.AsSpan(Offset, Rows * Columns);

    /// <summary>
    /// An array for <paramref name="length"/> floats on the pinned heap (it never moves), uninitialized unless
    /// <paramref name="clear"/>, and the offset at which they start on a 64-byte boundary. Costs at most 15 floats.
    /// </summary>
    public static unsafe (float[] Values, int Offset) AllocateAligned(int length, bool clear = false)
    {
        var padded = length + (LineBytes / sizeof(float)) - 1;
        var values = clear ? GC.AllocateArray<float>(padded, pinned: true) : GC.AllocateUninitializedArray<float>(padded, pinned: true);
        var address = (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(values));
        var offset = (int)(((LineBytes - (address % LineBytes)) % LineBytes) / sizeof(float));
        return (values, offset);
    }
}
