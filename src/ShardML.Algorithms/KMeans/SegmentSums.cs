using System.Buffers;
using System.Runtime.CompilerServices;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Cluster sums taken segment by segment: a segment's rows are summed per cluster from zero, in row order, and the
/// segment's partial sums are then added to the totals, one segment after another. Every dense K-means pass that
/// must give Lloyd's bits (<see cref="LloydStep"/>, <see cref="MultiStartLloydStep"/>, <see cref="BoundedLloydStep"/>,
/// <see cref="YinyangStep"/>) sums this way.
/// </summary>
/// <remarks>
/// Why segments: once the centers settle, most segments' rows keep their clusters from one pass to the next, so their
/// partial sums are the same bits as in the last pass. A bounded pass keeps them (<see cref="SegmentSumCache"/>) and
/// adds them instead of reading the segment's rows again — a pass that reads a few percent of the data instead of all
/// of it — and still gives the totals, bit for bit, of a pass that sums every row. A segment spans
/// <see cref="SegmentRows"/> rows, at least <see cref="RowsPerCenter"/> × k, so the kept partials (k × d doubles at most)
/// hold at most an eighth of the segment's float rows, and its rows span at least <see cref="SmallestSegmentBytes"/>;
/// its end is a multiple of the pass's assignment block.
/// </remarks>
internal sealed class SegmentSums : IDisposable
{
    /// <summary>
    /// A segment's float rows span at least this many bytes before rounding up to whole blocks: enough rows that its
    /// k partials cost little to add, few enough that a changed segment is summed again from L2, not memory.
    /// </summary>
    public const int SmallestSegmentBytes = 128 * 1024;

    /// <summary>Rows per center in a segment: k × d partial doubles against ≥ 16·k × d float rows is an eighth.</summary>
    public const int RowsPerCenter = 16;

    private readonly int _k;
    private readonly int _d;
    private readonly double[] _sums;
    private readonly int _sumsOffset;
    private readonly long[] _counts;
    private readonly int _countsOffset;
    private readonly double[] _partial;
    private readonly long[] _partialCounts;
    private readonly int[] _touched;
    private readonly bool[] _isTouched;
    private readonly bool[] _moved;
    private int _touchedCount;
    private int _segmentStart;
    private bool _segmentMoved;

    /// <summary>Sums into <paramref name="sums"/>[<paramref name="sumsOffset"/>..+k·d] and the counts likewise.</summary>
    public SegmentSums(int k, int dimension, double[] sums, int sumsOffset, long[] counts, int countsOffset)
    {
        _k = k;
        _d = dimension;
        _sums = sums;
        _sumsOffset = sumsOffset;
        _counts = counts;
        _countsOffset = countsOffset;
        _partial = ArrayPool<double>.Shared.Rent(k * dimension);
        _partialCounts = ArrayPool<long>.Shared.Rent(k);
        _touched = ArrayPool<int>.Shared.Rent(k);
        _isTouched = ArrayPool<bool>.Shared.Rent(k);
        Array.Clear(_isTouched, 0, k);
        _moved = ArrayPool<bool>.Shared.Rent(k);
        Array.Clear(_moved, 0, k);
    }

    public SegmentSums(int k, int dimension, double[] sums, long[] counts)
        : this(k, dimension, sums, 0, counts, 0)
    {
    }

    /// <summary>Rows a bounded pass's block needs for the rows whose bounds fail to fill the assignment kernel's tiles.</summary>
    public const int GatherRows = 128;

    /// <summary>
    /// Rows of a bounded (Hamerly or Yinyang) pass's block, given the segment's: the Lloyd pass's block
    /// (<see cref="BlockedAssignment.BlockRows"/>), or the smallest multiple of it that has <see cref="GatherRows"/> rows
    /// and divides a segment (else the segment). Such a pass gathers a block's rows whose bounds fail into 16-row tiles:
    /// at d = 784 a Lloyd block is 16 rows, of which 2–4 failed, and each such tile cost a full one (MNIST-like bounded
    /// passes took 13–20 ms; with blocks of 160 rows, 8–13 ms). Narrower rows keep their blocks.
    /// </summary>
    public static int BoundedBlockRows(int dimension, int segmentRows)
    {
        var unit = BlockedAssignment.BlockRows(dimension);
        for (var rows = unit; rows < segmentRows; rows += unit)
        {
            if (rows >= GatherRows && segmentRows % rows == 0)
            {
                return rows;
            }
        }

        return segmentRows;
    }

    /// <summary>Rows per segment for k centers and d features when passes go in blocks of <paramref name="blockRows"/> rows.</summary>
    public static int SegmentRows(int k, int dimension, int blockRows)
    {
        var rowBytes = (long)sizeof(float) * Math.Max(1, dimension);
        var wanted = Math.Max((SmallestSegmentBytes + rowBytes - 1) / rowBytes, (long)RowsPerCenter * k);
        var blocks = (wanted + blockRows - 1) / blockRows;
        return (int)Math.Min(blocks * blockRows, int.MaxValue / 2 / blockRows * blockRows);
    }

    /// <summary>Whether the rows up to <paramref name="end"/> (exclusive, from the partition's start) close a segment.</summary>
    public static bool EndsSegment(int end, int rows, int segmentRows) => end == rows || end % segmentRows == 0;

    /// <summary>Adds rows of the open segment, each to its cluster in <paramref name="nearest"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a block or segment, thousands of times a pass
    public void Add(ReadOnlySpan<float> rows, ReadOnlySpan<int> nearest)
    {
        foreach (var j in nearest)
        {
            Touch(j);
        }

        ClusterSums.Add(rows, _d, nearest, _partial.AsSpan(0, _k * _d), _partialCounts.AsSpan(0, _k));
    }

    /// <summary>Starts cluster j's partial at zero the first time the open segment adds a row to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once a row
    private void Touch(int j)
    {
        if (!_isTouched[j])
        {
            _isTouched[j] = true;
            _touched[_touchedCount++] = j;
            Array.Clear(_partial, j * _d, _d);
            _partialCounts[j] = 0;
        }
    }

    /// <summary>
    /// Adds, of the open segment's rows, those whose cluster is <paramref name="selected"/>, each to its cluster: with
    /// <see cref="Restore"/>, a segment where only some clusters changed rows reads only those clusters' rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a block or segment, thousands of times a pass
    public void AddSelected(ReadOnlySpan<float> rows, ReadOnlySpan<int> nearest, ReadOnlySpan<bool> selected)
    {
        for (var r = 0; r < nearest.Length; r++)
        {
            var j = nearest[r];
            if (!selected[j])
            {
                continue;
            }

            Touch(j);
            ClusterSums.Add(rows.Slice(r * _d, _d), _d, nearest.Slice(r, 1), _partial.AsSpan(0, _k * _d), _partialCounts.AsSpan(0, _k));
        }
    }

    /// <summary>
    /// Opens <paramref name="segment"/> with the partials an earlier pass kept for it, except those of the clusters in
    /// <paramref name="changed"/> (none when empty): the clusters whose rows are all where they were have the same partial sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a block or segment, thousands of times a pass
    public void Restore(SegmentSumCache cache, int segment, ReadOnlySpan<bool> changed)
    {
        var kept = UseKept(cache, segment);
        for (var t = 0; t < kept.Clusters.Length; t++)
        {
            var j = kept.Clusters[t];
            if (!changed.IsEmpty && changed[j])
            {
                continue;
            }

            _isTouched[j] = true;
            _touched[_touchedCount++] = j;
            kept.Partials.Slice(t * _d, _d).CopyTo(_partial.AsSpan(j * _d, _d));
            _partialCounts[j] = kept.Counts[t];
        }
    }

    /// <summary>Adds the open segment's partial sums to the totals and opens the next segment.</summary>
    public void Close() => Close(null, 0);

    /// <summary>As <see cref="Close()"/>, and keeps the segment's partials in <paramref name="cache"/> (when not null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a block or segment, thousands of times a pass
    public void Close(SegmentSumCache? cache, int segment)
    {
        var touched = _touched.AsSpan(0, _touchedCount);
        cache?.Keep(segment, touched, _partial, _partialCounts);
        foreach (var j in touched)
        {
            ClusterSums.AddPartial(_partial.AsSpan(j * _d, _d), _sums.AsSpan(_sumsOffset + (j * _d), _d));
            _counts[_countsOffset + j] += _partialCounts[j];
            _isTouched[j] = false;
        }

        _touchedCount = 0;
    }

    /// <summary>
    /// Adds a segment's partials kept by an earlier pass, as <see cref="Restore"/> and <see cref="Close()"/> would add
    /// them again (the same additions in the same order), straight from the cache: a settled pass does this for most
    /// of its segments, and copying each segment's partials in and out first was a tenth of such a pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a segment, thousands of times a pass
    public void AddKept(SegmentSumCache cache, int segment)
    {
        var kept = UseKept(cache, segment);
        for (var t = 0; t < kept.Clusters.Length; t++)
        {
            var j = kept.Clusters[t];
            ClusterSums.AddPartial(kept.Partials.Slice(t * _d, _d), _sums.AsSpan(_sumsOffset + (j * _d), _d));
            _counts[_countsOffset + j] += kept.Counts[t];
        }
    }

    /// <summary>A segment's kept partials, taken only between segments: never into one that is open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private KeptSegment UseKept(SegmentSumCache cache, int segment)
    {
        if (_touchedCount != 0)
        {
            throw new InvalidOperationException($"segment {segment}'s kept partials were taken while another segment was open");
        }

        return cache.Use(segment);
    }

    /// <summary>
    /// Adds a segment a bounded pass has just assigned: from the partials an earlier pass kept for it when none of its
    /// rows changed cluster, from those partials and the rows of the <paramref name="changed"/> clusters when some did,
    /// and from all its rows when none are kept; then keeps its partials for the next pass and clears
    /// <paramref name="changed"/>.
    /// </summary>
    public void AddAssigned(SegmentSumCache cache, int segment, ReadOnlySpan<float> rows, ReadOnlySpan<int> nearest, bool anyChanged, Span<bool> changed)
    {
        if (!cache.Holds(segment))
        {
            Add(rows, nearest);
            Close(cache, segment);
        }
        else if (anyChanged)
        {
            Restore(cache, segment, changed);
            AddSelected(rows, nearest, changed);
            Close(cache, segment);
            changed.Clear();
        }
        else
        {
            AddKept(cache, segment);
        }
    }

    /// <summary>Records that a row of the open segment left cluster <paramref name="left"/> for <paramref name="joined"/> in a bounded pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Moved(int left, int joined)
    {
        _segmentMoved = true;
        _moved[left] = true;
        _moved[joined] = true;
    }

    /// <summary>
    /// Called by a bounded pass after each block, in row order, once the block's rows are assigned: when the block
    /// closes a segment, adds the segment as <see cref="AddAssigned"/> does, with the moves recorded since the last one
    /// (<see cref="Moved"/>). A segment whose rows all kept their clusters is not read at all; where rows moved, only
    /// the clusters they left or joined are summed again from rows.
    /// </summary>
    public void EndBlock(SegmentSumCache cache, int segmentRows, ReadOnlySpan<float> rows, ReadOnlySpan<int> assignment, int end)
    {
        if (!EndsSegment(end, assignment.Length, segmentRows))
        {
            return;
        }

        var length = end - _segmentStart;
        AddAssigned(cache, _segmentStart / segmentRows, rows.Slice(_segmentStart * _d, length * _d), assignment.Slice(_segmentStart, length), _segmentMoved, _moved.AsSpan(0, _k));
        _segmentStart = end;
        _segmentMoved = false;
    }

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_partial);
        ArrayPool<long>.Shared.Return(_partialCounts);
        ArrayPool<int>.Shared.Return(_touched);
        ArrayPool<bool>.Shared.Return(_isTouched);
        ArrayPool<bool>.Shared.Return(_moved);
    }
}
