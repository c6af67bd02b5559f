namespace ShardML.Runtime.Placement;

/// <summary>
/// The driver's view of where a dataset's partitions live. It places partitions over the active silos it trusts
/// (rendezvous hashing, <see cref="PartitionPlacement"/>), takes a silo out when a call to it fails, and places
/// again when membership changes — a silo joins, leaves gracefully, or is declared dead — so only partitions whose
/// silo changed move. A suspected silo comes back when its suspicion expires, unless membership drops it first.
/// </summary>
internal sealed class PartitionMap
{
    private readonly string _datasetId;
    private readonly IMembershipView _membership;
    private readonly ClusterExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _suspectedUntil = new(StringComparer.Ordinal);
    private string[] _owners;
    private string[] _basis;
    private DateTimeOffset _lastRefresh;

    public PartitionMap(string datasetId, string[] owners, IMembershipView membership, ClusterExecutorOptions options, TimeProvider time)
    {
        _datasetId = datasetId;
        _owners = owners;
        _basis = [.. owners.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _membership = membership;
        _options = options;
        _time = time;
        _lastRefresh = time.GetUtcNow();
    }

    public IReadOnlyList<string> Owners => _owners;

    public string OwnerOf(int partition) => _owners[partition];

    /// <summary>Places all partitions for the first time over the active silos.</summary>
    public static async Task<PartitionMap> CreateAsync(
        string datasetId, int partitionCount, IMembershipView membership, ClusterExecutorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var silos = await membership.ActiveSilosAsync(cancellationToken);
        if (silos.Count == 0)
        {
            throw new ClusterUnavailableException("the cluster has no active silo");
        }

        return new PartitionMap(datasetId, PartitionPlacement.Assign(datasetId, partitionCount, silos), membership, options, time);
    }

    /// <summary>Keeps <paramref name="silo"/> out of placement until membership drops it or the suspicion expires.</summary>
    public void Suspect(string silo) => _suspectedUntil[silo] = _time.GetUtcNow() + _options.SuspicionTimeout;

    /// <summary>
    /// Asks for the active silos (at most once per refresh interval unless <paramref name="force"/>d) and places
    /// again if the trusted set changed. Returns the partitions that moved, with their previous silo.
    /// </summary>
    public async Task<IReadOnlyList<(int Partition, string From)>> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!force && now - _lastRefresh < _options.MembershipRefreshInterval)
        {
            return [];
        }

        _lastRefresh = now;
        var active = await _membership.ActiveSilosAsync(cancellationToken);
        foreach (var (silo, until) in _suspectedUntil.ToArray())
        {
            if (until <= now || !active.Contains(silo, StringComparer.Ordinal))
            {
                _suspectedUntil.Remove(silo);
            }
        }

        string[] trusted = [.. active.Where(s => !_suspectedUntil.ContainsKey(s)).Order(StringComparer.Ordinal)];
        if (trusted.Length == 0 || trusted.SequenceEqual(_basis, StringComparer.Ordinal))
        {
            return [];
        }

        var next = PartitionPlacement.Rebalance(_datasetId, _owners, trusted);
        var moved = new List<(int, string)>();
        for (var p = 0; p < next.Length; p++)
        {
            if (!string.Equals(next[p], _owners[p], StringComparison.Ordinal))
            {
                moved.Add((p, _owners[p]));
            }
        }

        _owners = next;
        _basis = trusted;
        return moved;
    }

    /// <summary>The silos partitions may be placed on: active at the last refresh and not suspected.</summary>
    public IReadOnlyList<string> TrustedSilos => [.. _basis.Where(s => !_suspectedUntil.ContainsKey(s))];

    /// <summary>Moves one partition to <paramref name="silo"/> (a speculative copy there won); the next membership change places anew.</summary>
    public void MoveTo(int partition, string silo) => _owners[partition] = silo;

    /// <summary>True when <paramref name="silo"/> is neither suspected nor missing from the last placement.</summary>
    public bool IsTrusted(string silo) => !_suspectedUntil.ContainsKey(silo) && _basis.Contains(silo, StringComparer.Ordinal);
}
