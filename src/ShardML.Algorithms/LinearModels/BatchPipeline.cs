using System.Runtime.CompilerServices;
using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The batches of a run of consecutive SGD steps on one partition, drawn a few steps before they are used so their
/// rows can be prefetched: sampled rows are scattered over the partition, and with one or a few rows a step, a step's
/// arithmetic (~20–50 ns) is shorter than a row's trip from DRAM (~100 ns), so without prefetching the loop waits on
/// memory. Each batch is exactly <see cref="MiniBatchSampler.Sample(int, int, ulong, long, int)"/>'s for its step, so
/// results do not change. Lookahead: about 16 rows (⌈16 / b⌉ steps of b rows, at least one); batches above 64 rows
/// are not prefetched (they are sorted, and the hardware prefetcher follows ascending addresses). Allocates its
/// ring once; <see cref="Next"/> allocates nothing.
/// </summary>
internal sealed class BatchPipeline
{
    private const int LookaheadRows = 16;
    private const int PrefetchBelow = 64;
    private readonly Partition _partition;
    private readonly int _batch;
    private readonly int _steps;
    private readonly int _slots;
    private readonly long _firstStep;
    private readonly int[] _ring;
    private readonly PartitionSampler _sampler;
    private int _nextSlot;
    private int _aheadSlot;

    public BatchPipeline(Partition partition, int batch, int steps, ulong seed, long firstStep, int partitionIndex)
    {
        _partition = partition;
        _batch = batch;
        _steps = steps;
        _firstStep = firstStep;
        _sampler = new PartitionSampler(batch, partition.RowCount, seed, partitionIndex);
        var depth = Math.Max(1, (LookaheadRows + batch - 1) / batch);
        _slots = depth + 1;
        _ring = new int[_slots * batch];
        for (var h = 0; h < Math.Min(depth, steps); h++)
        {
            Draw(h, h);
        }

        _aheadSlot = depth;
    }

    /// <summary>The sorted rows of local step <paramref name="h"/> (steps are taken in order 0, 1, …); draws and prefetches a later step's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> Next(int h)
    {
        var ahead = h + _slots - 1;
        if (ahead < _steps)
        {
            Draw(ahead, _aheadSlot);
        }

        _aheadSlot = _aheadSlot + 1 == _slots ? 0 : _aheadSlot + 1;
        var slot = _nextSlot;
        _nextSlot = slot + 1 == _slots ? 0 : slot + 1;
        return _ring.AsSpan(slot * _batch, _batch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per step: optimized from the first call, not after 30 calls and a tiering delay
    private void Draw(int h, int slot)
    {
        var rows = _ring.AsSpan(slot * _batch, _batch);
        _sampler.Sample(_firstStep + h, rows);
        if (_batch > PrefetchBelow)
        {
            return;
        }

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
