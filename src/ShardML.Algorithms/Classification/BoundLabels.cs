namespace ShardML.Algorithms.Classification;

/// <summary>A partition's labels bound to a <see cref="LabelEncoding"/>: a row's class and target in O(1), no allocation.</summary>
public readonly struct BoundLabels
{
    private readonly float[] _labels;
    private readonly int[]? _classOfCode;
    private readonly int _positive;

    internal BoundLabels(float[] labels, int[]? classOfCode, int positive)
    {
        _labels = labels;
        _classOfCode = classOfCode;
        _positive = positive;
    }

    /// <summary>The global class of <paramref name="row"/> (classification only).</summary>
    public int ClassOf(int row) => _classOfCode![(int)_labels[row]];

    /// <summary>
    /// The target of <paramref name="output"/> for <paramref name="row"/>: the label (regression), or ±1 — +1 when
    /// the row's class is the positive class (binary) or the output's class (one-vs-rest).
    /// </summary>
    public double Target(int row, int output)
    {
        if (_classOfCode is null)
        {
            return _labels[row];
        }

        var positive = _positive >= 0 ? _positive : output;
        return _classOfCode[(int)_labels[row]] == positive ? 1.0 : -1.0;
    }
}
