namespace ShardML.Algorithms.Svm;

/// <summary>
/// The driver's memory for <see cref="CocoaReplay"/>: every broadcast w since the earliest round a partition might have
/// to replay from, and the duals the last checkpoint collected. Each checkpoint's duals become the partitions' starts
/// and the broadcasts before them are dropped, so the driver keeps at most <c>--checkpoint-every</c> broadcasts
/// (m·(d+1) doubles each) and one copy of the duals (n·m doubles) it already held to write the checkpoint. Without
/// collected duals — under secure aggregation, whose checkpoints keep none, or with checkpoints off — the starts are
/// β = 0 at each lineage's origin and the broadcasts since then are kept: one m·(d+1) vector per round.
/// </summary>
internal sealed class CocoaReplays
{
    private readonly SortedDictionary<int, double[]> _broadcasts = [];
    private Dictionary<int, CocoaPartitionDuals> _starts;
    private int _startRound;

    /// <summary>Starts from a checkpoint's duals after <paramref name="round"/> (none for a new job).</summary>
    public CocoaReplays(int round, CocoaPartitionDuals[] duals)
    {
        _startRound = round;
        _starts = duals.ToDictionary(d => d.Partition);
    }

    /// <summary>Remembers the w broadcast in <paramref name="round"/>.</summary>
    public void Broadcast(int round, double[] w) => _broadcasts[round] = w;

    /// <summary>Duals collected after <paramref name="round"/>: the new starts; broadcasts no lineage needs any more are dropped.</summary>
    public void Collected(int round, CocoaPartitionDuals[] duals, int[] origins)
    {
        if (duals.Length == 0)
        {
            return;
        }

        _startRound = round;
        _starts = duals.ToDictionary(d => d.Partition);
        var needed = int.MaxValue;
        for (var p = 0; p < origins.Length; p++)
        {
            if (origins[p] > 0)
            {
                needed = Math.Min(needed, _starts.TryGetValue(p, out var start) && start.Origin == origins[p] ? round + 1 : origins[p]);
            }
        }

        foreach (var old in _broadcasts.Keys.Where(r => r < needed).ToArray())
        {
            _broadcasts.Remove(old);
        }
    }

    /// <summary>
    /// The replays of <paramref name="partitions"/> that rebuild their duals at the start of <paramref name="current"/>,
    /// whose step sends <paramref name="origins"/>; a partition without a lineage (origin 0) or whose broadcasts are gone gets none and
    /// restarts from β = 0, as it would anywhere.
    /// </summary>
    public CocoaReplay[] For(IReadOnlyList<int> partitions, int[] origins, int current)
    {
        var replays = new List<CocoaReplay>(partitions.Count);
        foreach (var p in partitions)
        {
            var origin = (uint)p < (uint)origins.Length ? origins[p] : 0;
            if (origin <= 0 || origin >= current)
            {
                continue; // nothing to rebuild: its duals start from β = 0 in this round anyway, or it has none
            }

            var fromCheckpoint = _starts.TryGetValue(p, out var start) && start.Origin == origin && _startRound >= origin;
            var from = fromCheckpoint ? _startRound + 1 : origin;
            var broadcasts = new double[current - from][];
            var complete = true;
            for (var r = from; r < current && complete; r++)
            {
                complete = _broadcasts.TryGetValue(r, out broadcasts[r - from]!);
            }

            if (complete)
            {
                replays.Add(new CocoaReplay(p, origin, from, fromCheckpoint ? start!.Duals : null, broadcasts));
            }
        }

        return [.. replays];
    }
}
