using System.Buffers;
using System.Runtime.CompilerServices;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The rows of local SGD's steps on one partition in <see cref="RowOrder.ShuffledBlocks"/> order: the partition's n
/// rows are walked epoch after epoch; an epoch visits the ⌊n / B⌋ full blocks of B consecutive rows in an order
/// shuffled per (seed, partition, epoch) by Fisher–Yates, each block's rows in order, then the n mod B rows left
/// over, in order. Step t of b rows takes positions t·b … t·b + b − 1 of the walk, so a step's rows are a pure
/// function of the seed, the partition and t, whichever silo runs it. The block order of the current epoch is
/// kept in a pooled array; <see cref="Dispose"/> returns it.
/// </summary>
public sealed class BlockOrderSampler : IDisposable
{
    /// <summary>Rows per block: 16 KB of 64-float rows, long enough for the hardware prefetcher to run ahead.</summary>
    public const int BlockRows = 64;

    private const ulong ShufflePurpose = 0x424C_4B53; // "BLKS"
    private readonly int _rows;
    private readonly int _batch;
    private readonly int _blocks;
    private readonly ulong _seed;
    private readonly ulong _partitionBits;
    private readonly int[] _order;
    private long _epochStart = long.MinValue / 2; // first position of the epoch whose block order is in _order

    public BlockOrderSampler(int batch, int rows, ulong seed, int partition)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, rows);
        _rows = rows;
        _batch = batch;
        _blocks = rows / BlockRows;
        _seed = seed;
        _partitionBits = (ulong)(uint)partition << 32;
        _order = ArrayPool<int>.Shared.Rent(Math.Max(1, _blocks));
    }

    /// <summary>Step <paramref name="step"/>'s rows, ascending, into <paramref name="destination"/> (length b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per step: optimized from the first call
    public void Sample(long step, Span<int> destination)
    {
        var position = step * _batch;
        for (var i = 0; i < destination.Length; i++, position++)
        {
            var offset = position - _epochStart;
            if ((ulong)offset >= (ulong)_rows)
            {
                // A new epoch (or the first): the one division per epoch, not per row.
                Shuffle(position / _rows);
                offset = position - _epochStart;
            }

            var row = (int)offset;
            destination[i] = row < _blocks * BlockRows ? (_order[row / BlockRows] * BlockRows) + (row % BlockRows) : row;
        }

        if (destination.Length > 1)
        {
            destination.Sort();
        }
    }

    public void Dispose() => ArrayPool<int>.Shared.Return(_order);

    private void Shuffle(long epoch)
    {
        var order = _order.AsSpan(0, _blocks);
        for (var j = 0; j < order.Length; j++)
        {
            order[j] = j;
        }

        var stream = CounterRandom.StreamKey(((ulong)epoch << 8) ^ ShufflePurpose);
        for (var j = order.Length - 1; j > 0; j--)
        {
            var random = CounterRandom.Combine(_seed, stream, CounterRandom.CounterKey(_partitionBits | (uint)j));
            var k = (int)Math.BigMul(random, (ulong)(j + 1), out _); // uniform in [0, j]
            (order[j], order[k]) = (order[k], order[j]);
        }

        _epochStart = epoch * _rows;
    }
}
