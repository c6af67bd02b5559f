using System.Buffers;
using System.Runtime.CompilerServices;

namespace ShardML.Core.Numerics;

/// <summary>
/// A weight vector stored as w = s·v, so that the L2 shrinkage of an SGD step, w ← (1 − ηλ)·w, costs one multiply
/// (s ← (1 − ηλ)·s) instead of a pass over all d weights, and a step on a sparse row costs O(non-zeros):
/// v ← v + (a / s)·x. This is the trick of Bottou, "Stochastic Gradient Descent Tricks" (2012), §5.1, also used by
/// scikit-learn's <c>WeightVector</c>. When s falls below 10⁻⁹ the scale is folded back into v (one O(d) pass,
/// rare) so v cannot overflow. Dots and updates are accumulated in double.
/// <para>
/// v is rented from <see cref="ArrayPool{T}.Shared"/> (returned by <see cref="Dispose"/>), so a local SGD round
/// on a 10⁵-feature model allocates no new 800 KB array, and starts on a 64-byte boundary of it: an SGD step's
/// update is stored and the next step's dot loads it right back, and a vector load that straddles two cache lines
/// cannot be forwarded from the store before it. Alignment changes no value (and a GC that moves the array only
/// costs the alignment).
/// </para>
/// </summary>
public sealed class ScaledVector : IDisposable
{
    private const double RenormalizeBelow = 1e-9;
    private const int LineBytes = 64;
    private readonly double[] _storage;
    private readonly int _offset;
    private readonly int _length;
    private double _scale = 1;

    /// <summary>A copy of <paramref name="initial"/> with scale 1.</summary>
    public ScaledVector(ReadOnlySpan<double> initial)
    {
        _length = initial.Length;
        _storage = ArrayPool<double>.Shared.Rent(_length + (LineBytes / sizeof(double)) - 1);
        _offset = AlignedOffset(_storage);
        initial.CopyTo(_storage.AsSpan(_offset, _length));
    }

    public int Length => _length;

    private Span<double> Values => _storage.AsSpan(_offset, _length);

    /// <summary>s; exposed for tests.</summary>
    public double Scale => _scale;

    /// <summary>w·x for a dense row (the row may be shorter than w; the rest of w is not read).</summary>
    public double Dot(ReadOnlySpan<float> row) => _scale * WideningKernels.Dot(row, Values);

    /// <summary>w·x for a CSR row.</summary>
    public double Dot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values) => _scale * SparseKernels.Dot(indices, values, Values);

    /// <summary>w ← w + a·x for a dense row: O(|x|).</summary>
    public void AddScaled(double a, ReadOnlySpan<float> row) => WideningKernels.AddScaled(Values, a / _scale, row);

    /// <summary>
    /// v ← v + f·x for a dense row, with f = a / s already computed by the caller (<see cref="Scale"/>): an SGD loop can
    /// divide off its critical path — e.g. once per step for a loss whose derivative is ±1 — since a / s is exactly
    /// ±(|a| / s). Same result as <see cref="AddScaled(double, ReadOnlySpan{float})"/> with that a. O(|x|).
    /// </summary>
    public void AddUnscaled(double f, ReadOnlySpan<float> row) => WideningKernels.AddScaled(Values, f, row);

    /// <summary>w ← w + a·x for a CSR row: O(non-zeros).</summary>
    public void AddScaled(double a, ReadOnlySpan<int> indices, ReadOnlySpan<float> values) =>
        SparseKernels.AddScaled(Values, a / _scale, indices, values);

    /// <summary>
    /// w ← w + a·D·(x − μ) for a dense row, D = diag(<paramref name="factors"/>): a step in standardized coordinates on
    /// raw weights (see <see cref="WideningKernels.AddScaledCentered"/>). Returns the change of w·μ. O(|x|).
    /// </summary>
    public double AddScaled(double a, ReadOnlySpan<float> row, ReadOnlySpan<double> mean, ReadOnlySpan<double> factors) =>
        _scale * WideningKernels.AddScaledCentered(Values, a / _scale, row, mean, factors);

    /// <summary>w ← w + a·D·x for a CSR row (sparse data is never centered): O(non-zeros).</summary>
    public void AddScaled(double a, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> factors) =>
        SparseKernels.AddScaled(Values, a / _scale, indices, values, factors);

    /// <summary>w·μ, O(d): to start tracking it incrementally.</summary>
    public double Dot(ReadOnlySpan<double> mean)
    {
        double sum = 0;
        for (var j = 0; j < Values.Length; j++)
        {
            sum += Values[j] * mean[j];
        }

        return _scale * sum;
    }

    /// <summary>w ← factor·w in O(1); factor must be in (0, 1] (shrinkage) or exactly 0 (reset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per SGD step: the common case is one multiply and a compare
    public void Multiply(double factor)
    {
        if (!(factor > 0))
        {
            ResetOrRefuse(factor);
            return;
        }

        _scale *= factor;
        if (_scale < RenormalizeBelow)
        {
            Renormalize();
        }
    }

    private void ResetOrRefuse(double factor)
    {
        if (factor == 0)
        {
            Values.Clear();
            _scale = 1;
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        _scale *= factor; // NaN: propagates, as any multiply would
    }

    /// <summary>Writes w = s·v into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination) => CopyTo(destination, 1);

    /// <summary>Writes (s·vⱼ)·<paramref name="multiplier"/>, rounded in that order, into <paramref name="destination"/>: one pass.</summary>
    public void CopyTo(Span<double> destination, double multiplier)
    {
        var scale = _scale;
        var values = Values;
        for (var j = 0; j < values.Length; j++)
        {
            destination[j] = scale * values[j] * multiplier;
        }
    }

    /// <summary>Returns v's array to the pool; the vector must not be used after.</summary>
    public void Dispose() => ArrayPool<double>.Shared.Return(_storage);

    private static unsafe int AlignedOffset(double[] storage)
    {
        var address = (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(storage));
        return (int)(((LineBytes - (address % LineBytes)) % LineBytes) / sizeof(double));
    }

    private void Renormalize()
    {
        for (var j = 0; j < Values.Length; j++)
        {
            Values[j] *= _scale;
        }

        _scale = 1;
    }
}
