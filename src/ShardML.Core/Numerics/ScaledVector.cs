namespace ShardML.Core.Numerics;

/// <summary>
/// A weight vector stored as w = s·v, so that the L2 shrinkage of an SGD step, w ← (1 − ηλ)·w, costs one multiply
/// (s ← (1 − ηλ)·s) instead of a pass over all d weights, and a step on a sparse row costs O(non-zeros):
/// v ← v + (a / s)·x. This is the trick of Bottou, "Stochastic Gradient Descent Tricks" (2012), §5.1, also used by
/// scikit-learn's <c>WeightVector</c>. When s falls below 10⁻⁹ the scale is folded back into v (one O(d) pass,
/// rare) so v cannot overflow. Dots and updates are accumulated in double.
/// </summary>
public sealed class ScaledVector
{
    private const double RenormalizeBelow = 1e-9;
    private readonly double[] _values;
    private double _scale = 1;

    /// <summary>A copy of <paramref name="initial"/> with scale 1.</summary>
    public ScaledVector(ReadOnlySpan<double> initial)
    {
        _values = initial.ToArray();
    }

    public int Length => _values.Length;

    /// <summary>s; exposed for tests.</summary>
    public double Scale => _scale;

    /// <summary>w·x for a dense row (the row may be shorter than w; the rest of w is not read).</summary>
    public double Dot(ReadOnlySpan<float> row) => _scale * WideningKernels.Dot(row, _values);

    /// <summary>w·x for a CSR row.</summary>
    public double Dot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values) => _scale * SparseKernels.Dot(indices, values, _values);

    /// <summary>w ← w + a·x for a dense row: O(|x|).</summary>
    public void AddScaled(double a, ReadOnlySpan<float> row) => WideningKernels.AddScaled(_values, a / _scale, row);

    /// <summary>w ← w + a·x for a CSR row: O(non-zeros).</summary>
    public void AddScaled(double a, ReadOnlySpan<int> indices, ReadOnlySpan<float> values) =>
        SparseKernels.AddScaled(_values, a / _scale, indices, values);

    /// <summary>
    /// w ← w + a·D·(x − μ) for a dense row, D = diag(<paramref name="factors"/>): a step in standardized coordinates on
    /// raw weights (see <see cref="WideningKernels.AddScaledCentered"/>). Returns the change of w·μ. O(|x|).
    /// </summary>
    public double AddScaled(double a, ReadOnlySpan<float> row, ReadOnlySpan<double> mean, ReadOnlySpan<double> factors) =>
        _scale * WideningKernels.AddScaledCentered(_values, a / _scale, row, mean, factors);

    /// <summary>w ← w + a·D·x for a CSR row (sparse data is never centered): O(non-zeros).</summary>
    public void AddScaled(double a, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> factors) =>
        SparseKernels.AddScaled(_values, a / _scale, indices, values, factors);

    /// <summary>w·μ, O(d): to start tracking it incrementally.</summary>
    public double Dot(ReadOnlySpan<double> mean)
    {
        double sum = 0;
        for (var j = 0; j < _values.Length; j++)
        {
            sum += _values[j] * mean[j];
        }

        return _scale * sum;
    }

    /// <summary>w ← factor·w in O(1); factor must be in (0, 1] (shrinkage) or exactly 0 (reset).</summary>
    public void Multiply(double factor)
    {
        if (factor == 0)
        {
            Array.Clear(_values);
            _scale = 1;
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        _scale *= factor;
        if (_scale < RenormalizeBelow)
        {
            Renormalize();
        }
    }

    /// <summary>Writes w = s·v into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination)
    {
        var scale = _scale;
        for (var j = 0; j < _values.Length; j++)
        {
            destination[j] = scale * _values[j];
        }
    }

    private void Renormalize()
    {
        for (var j = 0; j < _values.Length; j++)
        {
            _values[j] *= _scale;
        }

        _scale = 1;
    }
}
