using System.Runtime.CompilerServices;

namespace ShardML.Algorithms.Classification;

/// <summary>A partition's labels bound to a <see cref="LabelEncoding"/>: a row's class and target in O(1), no allocation.</summary>
public readonly struct BoundLabels
{
    private readonly float[] _labels;
    private readonly int[]? _classOfCode;
    private readonly int _positive;

    internal BoundLabels(float[] labels, int[]? classOfCode, int positive, bool multinomial = false)
    {
        _labels = labels;
        _classOfCode = classOfCode;
        _positive = positive;
        Multinomial = multinomial;
    }

    /// <summary>True when the outputs form one softmax model: a row's loss couples them, read through <see cref="ClassOf"/>, not <see cref="Target"/>.</summary>
    public bool Multinomial { get; }

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

        // ±1 without a branch: rows come in random order, so a branch on the class would miss half the time.
        var positive = _positive >= 0 ? _positive : output;
        var negative = _classOfCode[(int)_labels[row]] != positive ? 1L : 0L;
        return BitConverter.Int64BitsToDouble(OneBits | (negative << 63));
    }

    /// <summary>
    /// <see cref="Target"/> of <paramref name="output"/> for the rows from <paramref name="firstRow"/> on, one per element
    /// of <paramref name="into"/>: the per-row checks hoisted out of a block's loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Targets(int firstRow, int output, Span<double> into)
    {
        var labels = _labels.AsSpan(firstRow, into.Length);
        if (_classOfCode is null)
        {
            for (var k = 0; k < labels.Length; k++)
            {
                into[k] = labels[k];
            }

            return;
        }

        var classes = _classOfCode;
        var positive = _positive >= 0 ? _positive : output;
        for (var k = 0; k < labels.Length; k++)
        {
            var negative = classes[(int)labels[k]] != positive ? 1L : 0L;
            into[k] = BitConverter.Int64BitsToDouble(OneBits | (negative << 63));
        }
    }

    private const long OneBits = 0x3FF0_0000_0000_0000; // 1.0
}
