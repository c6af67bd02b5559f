namespace ShardML.Runtime.Placement;

/// <summary>
/// The driver's view of where a dataset's partitions live. It places partitions over the active silos it trusts
/// (rendezvous hashing, <see cref="PartitionPlacement"/>), takes a silo out when a call to it fails, and places
/// again when membership changes — a silo joins, leaves gracefully, or is declared dead — so only partitions whose
/// silo changed move. A suspected silo comes back when its suspicion expires, unless membership drops it first.
/// <para>
/// A call can fail on a healthy silo because of another one: until membership declares a killed silo dead, a silo
/// that activates a moved partition may have to reach the dead one (Orleans' grain directory), and fails with it.
/// So suspicion is a guess made on a stale view, and two events take it back: membership dropping a silo (the likely
/// culprit is gone), and every active silo being suspected (there is nowhere else to run; retrying them, with the
/// pass's backoff and under its recovery timeout, beats idling until suspicions expire).
/// </para>
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
    private IReadOnlyList<string> _active; // at the last refresh, to see a silo leave
    private DateTimeOffset _lastRefresh;

    public PartitionMap(string datasetId, string[] owners, IMembershipView membership, ClusterExecutorOptions options, TimeProvider time)
    {
        _datasetId = datasetId;
        _owners = owners;
        _basis = [.. owners.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _active = _basis;
        _membership = membership;
        _options = options;
        _time = time;
        _lastRefresh = time.GetUtcNow();
    }

    public IReadOnlyList<string> Owners => _owners;

    public string OwnerOf(int partition) => _owners[partition];

    /// <summary>
    /// Places all partitions for the first time over the active silos. Membership that cannot be read right now — the
    /// management grain was on a silo that just died and Orleans has not declared it dead yet — is asked again with
    /// backoff under the recovery timeout, as a pass retries its partitions.
    /// </summary>
    /// <param name="datasetId">The dataset.</param>
    /// <param name="partitionCount">Its partitions.</param>
    /// <param name="membership">Where the active silos are read.</param>
    /// <param name="options">The retry delays and the recovery timeout.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Stops the waiting.</param>
    /// <param name="admit">
    /// Given the active silos and the balanced placement over them, the placement to use (memory admission may move
    /// partitions off a silo without room, or refuse the dataset); null keeps the balanced one.
    /// </param>
    public static async Task<PartitionMap> CreateAsync(
        string datasetId,
        int partitionCount,
        IMembershipView membership,
        ClusterExecutorOptions options,
        TimeProvider time,
        CancellationToken cancellationToken,
        Func<IReadOnlyList<string>, string[], CancellationToken, Task<string[]>>? admit = null)
    {
        var silos = await ActiveSilosWithRetryAsync(membership, options, time, cancellationToken);
        if (silos.Count == 0)
        {
            throw new ClusterUnavailableException("the cluster has no active silo");
        }

        var owners = PartitionPlacement.Assign(datasetId, partitionCount, silos);
        if (admit is not null)
        {
            owners = await admit(silos, owners, cancellationToken);
        }

        return new PartitionMap(datasetId, owners, membership, options, time);
    }

    private static async Task<IReadOnlyList<string>> ActiveSilosWithRetryAsync(
        IMembershipView membership, ClusterExecutorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var delay = options.RetryDelay;
        while (true)
        {
            try
            {
                return await membership.ActiveSilosAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (time.GetElapsedTime(start) + delay > options.RecoveryTimeout)
                {
                    throw new ClusterUnavailableException(
                        $"the cluster's membership could not be read for {options.RecoveryTimeout.TotalSeconds:0} s (last failure: {e.Message})", e);
                }
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = ClusterExecutorOptions.NextRetryDelay(delay);
        }
    }

    /// <summary>Keeps <paramref name="silo"/> out of placement until membership drops it or the suspicion expires.</summary>
    public void Suspect(string silo) => _suspectedUntil[silo] = _time.GetUtcNow() + _options.SuspicionTimeout;

    /// <summary>
    /// Asks for the active silos (at most once per refresh interval unless <paramref name="force"/>d), takes back the
    /// suspicions that no longer hold, and places again if the trusted set changed.
    /// </summary>
    public async Task<PlacementRefresh> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!force && now - _lastRefresh < _options.MembershipRefreshInterval)
        {
            return PlacementRefresh.None;
        }

        _lastRefresh = now;
        var active = await _membership.ActiveSilosAsync(cancellationToken);
        var forgiven = Reconsider(active, now);
        string[] trusted = [.. active.Where(s => !_suspectedUntil.ContainsKey(s)).Order(StringComparer.Ordinal)];
        if (trusted.Length == 0 || trusted.SequenceEqual(_basis, StringComparer.Ordinal))
        {
            return new PlacementRefresh([], forgiven);
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
        return new PlacementRefresh(moved, forgiven);
    }

    /// <summary>
    /// Drops the suspicions that expired or whose silo membership no longer lists; all of them when a silo left or
    /// when they cover every active silo. Returns how many silos still active were forgiven early.
    /// </summary>
    private int Reconsider(IReadOnlyList<string> active, DateTimeOffset now)
    {
        var someoneLeft = _active.Any(s => !active.Contains(s, StringComparer.Ordinal));
        var nowhereElse = active.Count > 0 && active.All(_suspectedUntil.ContainsKey);
        _active = active;
        var forgiven = 0;
        foreach (var (silo, until) in _suspectedUntil.ToArray())
        {
            var listed = active.Contains(silo, StringComparer.Ordinal);
            if (until <= now || !listed)
            {
                _suspectedUntil.Remove(silo);
            }
            else if (someoneLeft || nowhereElse)
            {
                _suspectedUntil.Remove(silo);
                forgiven++;
            }
        }

        return forgiven;
    }

    /// <summary>The silos partitions may be placed on: active at the last refresh and not suspected.</summary>
    public IReadOnlyList<string> TrustedSilos => [.. _basis.Where(s => !_suspectedUntil.ContainsKey(s))];

    /// <summary>Moves one partition to <paramref name="silo"/> (a speculative copy there won); the next membership change places anew.</summary>
    public void MoveTo(int partition, string silo) => _owners[partition] = silo;

    /// <summary>True when <paramref name="silo"/> is neither suspected nor missing from the last placement.</summary>
    public bool IsTrusted(string silo) => !_suspectedUntil.ContainsKey(silo) && _basis.Contains(silo, StringComparer.Ordinal);
}
