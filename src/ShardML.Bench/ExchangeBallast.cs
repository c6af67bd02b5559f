namespace ShardML.Bench;

/// <summary>
/// Live arrays the exchange holds while it measures, so that its figures are those of a process whose heap holds
/// datasets (as <c>bench/compare/run.sh</c>'s does) rather than of an empty one: every allocation of a payload then
/// lands in a heap of gigabytes, whose full collections it may set off. Megabyte arrays, each written so that its pages
/// are resident, like a loaded dataset's columns; let go when disposed.
/// </summary>
internal sealed class ExchangeBallast : IDisposable
{
    /// <summary>Floats per array: 1 MB, on the large object heap like a dataset's columns.</summary>
    private const int ArrayFloats = 1 << 18;

    private float[][]? _arrays;

    private ExchangeBallast(float[][] arrays) => _arrays = arrays;

    public static ExchangeBallast Allocate(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var arrays = new float[(bytes + (ArrayFloats * sizeof(float)) - 1) / (ArrayFloats * sizeof(float))][];
        for (var i = 0; i < arrays.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            arrays[i] = new float[ArrayFloats];
            arrays[i].AsSpan().Fill(i); // touched, so resident, and not all zeros
        }

        return new ExchangeBallast(arrays);
    }

    public long Bytes => (_arrays?.LongLength ?? 0) * ArrayFloats * sizeof(float);

    public void Dispose()
    {
        _arrays = null;
        GC.Collect(); // give the memory back before whatever the run does next
    }
}
