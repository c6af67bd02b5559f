using System.Runtime.CompilerServices;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// <see cref="MiniBatchSampler"/> for one partition over many steps, as local SGD draws it: the b draws of a step use
/// the same counters every step (only the stream changes), so their counter keys are hashed once here and each draw
/// costs one mix instead of three. The rows are exactly <see cref="MiniBatchSampler.Sample(int, int, ulong, long, int)"/>'s.
/// Allocates once; <see cref="Sample"/> allocates nothing.
/// </summary>
public sealed class PartitionSampler
{
    private readonly int _rows;
    private readonly ulong _seed;
    private readonly ulong _partitionBits;
    private readonly ulong[] _counterKeys;
    private readonly HashSet<int>? _scratch;

    public PartitionSampler(int batch, int rows, ulong seed, int partition)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, rows);
        _rows = rows;
        _seed = seed;
        _partitionBits = MiniBatchSampler.Counter(partition, 0);
        _counterKeys = new ulong[batch];
        for (var n = 0; n < batch; n++)
        {
            _counterKeys[n] = CounterRandom.CounterKey(MiniBatchSampler.Counter(partition, rows - batch + n));
        }

        _scratch = batch < 32 ? null : new HashSet<int>(batch);
    }

    /// <summary>Step <paramref name="step"/>'s rows, ascending, into <paramref name="destination"/> (length b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Sample(long step, Span<int> destination) =>
        MiniBatchSampler.Floyd(_rows, _seed, CounterRandom.StreamKey(MiniBatchSampler.Stream(step)), _partitionBits, _counterKeys, destination, _scratch);
}
