namespace ShardML.Algorithms.KMeans;

/// <summary>
/// A partition's kept segment partial sums (<see cref="SegmentSums"/>): per segment, the clusters its rows fell in, their
/// partial sums and counts, as the last pass computed them. Part of a bounded step's working state.
/// </summary>
/// <remarks>
/// A segment's arrays are reused from pass to pass and grow only when the segment touches more clusters than before,
/// so a settled run allocates nothing here. At most k × d doubles a segment: an eighth of its rows' bytes.
/// </remarks>
internal sealed class SegmentSumCache(int segments, int dimension)
{
    private readonly int[][] _clusters = new int[segments][];
    private readonly double[][] _partials = new double[segments][];
    private readonly long[][] _counts = new long[segments][];
    private readonly int[] _touched = new int[segments];
    private readonly bool[] _held = new bool[segments];

    public int Segments => _held.Length;

    /// <summary>How many times a pass has added a segment's kept partials instead of reading its rows (for tests and diagnostics).</summary>
    public long TimesKept { get; private set; }

    /// <summary>Whether <paramref name="segment"/>'s partials are held (a pass has closed it since the state began).</summary>
    public bool Holds(int segment) => _held[segment];

    /// <summary>A pass's use of <paramref name="segment"/>'s kept partials, which it must hold: counted, then handed over.</summary>
    public KeptSegment Use(int segment)
    {
        if (!_held[segment])
        {
            throw new InvalidOperationException($"segment {segment}'s partial sums are not held");
        }

        TimesKept++;
        var touched = _touched[segment];
        return new KeptSegment(_clusters[segment].AsSpan(0, touched), _partials[segment].AsSpan(0, touched * dimension), _counts[segment].AsSpan(0, touched));
    }

    /// <summary>Copies a closing segment's partials: <paramref name="touched"/> clusters, each at j·d in <paramref name="partial"/>.</summary>
    public void Keep(int segment, ReadOnlySpan<int> touched, double[] partial, long[] partialCounts)
    {
        var d = dimension;
        if (_clusters[segment] is not { } clusters || clusters.Length < touched.Length)
        {
            clusters = _clusters[segment] = new int[touched.Length];
            _partials[segment] = new double[touched.Length * d];
            _counts[segment] = new long[touched.Length];
        }

        var partials = _partials[segment];
        var counts = _counts[segment];
        for (var t = 0; t < touched.Length; t++)
        {
            var j = touched[t];
            clusters[t] = j;
            partial.AsSpan(j * d, d).CopyTo(partials.AsSpan(t * d, d));
            counts[t] = partialCounts[j];
        }

        _touched[segment] = touched.Length;
        _held[segment] = true;
    }

    /// <summary>Forgets every segment: the next pass sums each from its rows.</summary>
    public void Clear() => Array.Clear(_held);
}

/// <summary>A segment's kept partials: its clusters, each one's d partial sums (at t·d for the t-th cluster) and count.</summary>
internal readonly ref struct KeptSegment(ReadOnlySpan<int> clusters, ReadOnlySpan<double> partials, ReadOnlySpan<long> counts)
{
    public ReadOnlySpan<int> Clusters { get; } = clusters;

    public ReadOnlySpan<double> Partials { get; } = partials;

    public ReadOnlySpan<long> Counts { get; } = counts;
}
