namespace ShardML.Runtime;

/// <summary>How the driver copes with silos that fail or leave during a job.</summary>
public sealed record ClusterExecutorOptions
{
    /// <summary>How often, at most, the driver asks the cluster which silos are active (a join or a graceful leave is seen within this).</summary>
    public TimeSpan MembershipRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times the partitions of a failed silo are sent elsewhere within one pass before the pass fails.</summary>
    public int MaximumRetries { get; init; } = 8;

    /// <summary>The first pause before a retry; it doubles with each retry of the same pass.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The largest step or summary sent as one message; bigger ones travel in chunks of this size. Well under Orleans'
    /// message body limit (100 MB by default), which tears down the connection when exceeded.
    /// </summary>
    public int MaximumMessageBytes { get; init; } = 16 << 20;

    /// <summary>How long a silo that failed a call stays out of placement unless membership declares it dead sooner.</summary>
    public TimeSpan SuspicionTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
