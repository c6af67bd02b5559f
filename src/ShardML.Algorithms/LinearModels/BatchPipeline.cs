using System.Runtime.CompilerServices;
using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The batches of a run of consecutive SGD steps on one partition, drawn a few steps before they are used so their
/// rows can be prefetched: sampled rows are scattered over the partition, and with one or a few rows a step, a step's
/// arithmetic (~20–50 ns) is shorter than a row's trip from DRAM (~100 ns), so without prefetching the loop waits on
/// memory. Each batch is exactly its step's — <see cref="MiniBatchSampler.Sample(int, int, ulong, long, int)"/>'s, or
/// the block walk's (<see cref="BlockOrderSampler"/>) — so results do not change. Lookahead: about 16 rows (⌈16 / b⌉
/// steps of b rows, at least one); batches above 64 rows are not prefetched (they are sorted, and the hardware prefetcher follows ascending addresses). A CSR row's lines
/// can only be found once its entry of <see cref="SparseMatrix.RowStarts"/> is read, itself a cache miss on a large
/// partition, so sparse batches are drawn twice as far ahead: their row starts are prefetched when drawn, their
/// indices and values one lookahead before use. Allocates its ring once; <see cref="Next"/> allocates nothing.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    private const int LookaheadRows = 16;
    private const int PrefetchBelow = 64;
    private readonly Partition _partition;
    private readonly int _batch;
    private readonly int _steps;
    private readonly int _depth;
    private readonly int _drawAhead;
    private readonly int _slots;
    private readonly long _firstStep;
    private readonly int[] _ring;
    private readonly PartitionSampler? _sampler;
    private readonly BlockOrderSampler? _blocks;
    private readonly bool _prefetch;
    private int _nextSlot;
    private int _warmSlot;
    private int _drawSlot;

    public BatchPipeline(Partition partition, int batch, int steps, ulong seed, long firstStep, int partitionIndex, RowOrder order = RowOrder.Uniform)
    {
        _partition = partition;
        _batch = batch;
        _steps = steps;
        _firstStep = firstStep;
        _prefetch = batch <= PrefetchBelow;
        if (order == RowOrder.ShuffledBlocks)
        {
            _blocks = new BlockOrderSampler(batch, partition.RowCount, seed, partitionIndex);
        }
        else
        {
            _sampler = new PartitionSampler(batch, partition.RowCount, seed, partitionIndex);
        }

        _depth = Math.Max(1, (LookaheadRows + batch - 1) / batch);
        _drawAhead = partition.Sparse is not null && _prefetch ? 2 * _depth : _depth;
        _slots = _drawAhead + 1;
        _ring = new int[_slots * batch];
        for (var h = 0; h < Math.Min(_drawAhead, steps); h++)
        {
            Draw(h, h);
        }

        for (var h = 0; h < Math.Min(_depth, steps); h++)
        {
            Warm(h);
        }

        _drawSlot = _drawAhead;
        _warmSlot = _depth;
    }

    /// <summary>The sorted rows of local step <paramref name="h"/> (steps are taken in order 0, 1, …); draws and prefetches later steps'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> Next(int h)
    {
        if (h + _drawAhead < _steps)
        {
            Draw(h + _drawAhead, _drawSlot);
        }

        if (h + _depth < _steps)
        {
            Warm(_warmSlot);
        }

        _drawSlot = _drawSlot + 1 == _slots ? 0 : _drawSlot + 1;
        _warmSlot = _warmSlot + 1 == _slots ? 0 : _warmSlot + 1;
        var slot = _nextSlot;
        _nextSlot = slot + 1 == _slots ? 0 : slot + 1;
        return _ring.AsSpan(slot * _batch, _batch);
    }

    /// <summary>Samples step <paramref name="h"/>'s rows into <paramref name="slot"/>; for CSR rows, prefetches their row starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per step: optimized from the first call, not after 30 calls and a tiering delay
    private void Draw(int h, int slot)
    {
        var rows = _ring.AsSpan(slot * _batch, _batch);
        if (_sampler is not null)
        {
            _sampler.Sample(_firstStep + h, rows);
        }
        else
        {
            _blocks!.Sample(_firstStep + h, rows);
        }

        if (_prefetch && _partition.Sparse is { } sparse)
        {
            foreach (var i in rows)
            {
                Prefetch.Lines(sparse.RowStarts.AsSpan(i, 2));
            }
        }
    }

    public void Dispose() => _blocks?.Dispose();

    /// <summary>Prefetches the lines of the rows (and labels) in <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Warm(int slot)
    {
        if (!_prefetch)
        {
            return;
        }

        var rows = _ring.AsSpan(slot * _batch, _batch);
        var labels = _partition.Labels;
        var dense = _partition.Dense;
        var sparse = _partition.Sparse;
        foreach (var i in rows)
        {
            if (dense is not null)
            {
                Prefetch.Lines(dense.Row(i));
            }
            else
            {
                Prefetch.Lines(sparse!.RowIndices(i));
                Prefetch.Lines(sparse.RowValues(i));
            }

            if (labels is not null)
            {
                Prefetch.Lines(labels.AsSpan(i, 1));
            }
        }
    }
}
